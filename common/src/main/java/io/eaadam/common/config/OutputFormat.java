package io.eaadam.common.config;

/** The image format that upscale and infer write. */
public enum OutputFormat {
    PNG(".png"),
    JPEG(".jpg"),
    TIFF(".tif");

    private final String extension;

    OutputFormat(String extension) {
        this.extension = extension;
    }

    /** The file name extension of outputs in this format, with its dot. */
    public String extension() {
        return extension;
    }

    @Override
    public String toString() {
        return Choices.name(this);
    }
}
