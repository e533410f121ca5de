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

    /** The format a file name asks for (.png, .jpg, .jpeg, .tif, .tiff, any case), or null for another name. */
    public static OutputFormat ofName(String fileName) {
        String lower = fileName.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".png")) {
            return PNG;
        }
        if (lower.endsWith(".jpg") || lower.endsWith(".jpeg")) {
            return JPEG;
        }
        return lower.endsWith(".tif") || lower.endsWith(".tiff") ? TIFF : null;
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
