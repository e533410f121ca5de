package io.eaadam.common.image;

import io.eaadam.common.fs.BadInputException;

/**
 * A file that cannot be decoded as an image (PNG, JPEG, TIFF, WebP or BMP). The message starts with the file's name
 * and says what was wrong, e.g. {@code "holiday.png: truncated or corrupt PNG data (...)"}.
 */
public final class ImageFormatException extends BadInputException {

    private static final long serialVersionUID = 1L;

    private final String fileName;

    public ImageFormatException(String fileName, String problem) {
        this(fileName, problem, null);
    }

    public ImageFormatException(String fileName, String problem, Throwable cause) {
        super(fileName + ": " + problem, cause);
        this.fileName = fileName;
    }

    /** The name of the file that failed, as the caller gave it. */
    public String fileName() {
        return fileName;
    }
}
