package io.eaadam.common.image;

import io.eaadam.common.fs.FileTooLargeException;
import io.eaadam.common.fs.Storage;

import org.apache.hadoop.fs.Path;

import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * An image file read once, within {@link ImageLimits}: its bytes (refused above the byte limit before they
 * are read), and its header, read from those bytes and checked against the pixel limit, so that what is
 * decoded is what was checked.
 */
public record ImageFile(String name, byte[] bytes, ImageHeader header) {

    /**
     * @throws ImageFormatException when the file is too large, in none of the formats read, or declares too many pixels
     * @throws IOException when it cannot be read
     */
    public static ImageFile read(Path file, ImageLimits limits) throws IOException {
        String name = file.toString();
        byte[] bytes;
        try {
            bytes = Storage.readAll(file, limits.maxBytes(), limits.bytesSetting());
        } catch (FileTooLargeException e) {
            throw new ImageFormatException(name, e.problem(), e);
        }
        ImageHeader header = ImageHeader.read(new ByteArrayInputStream(bytes), name);
        limits.check(header, name);
        return new ImageFile(name, bytes, header);
    }

    public DecodedImage decode() throws ImageFormatException {
        return ImageCodec.decode(bytes, name);
    }

    /** The stored samples, EXIF orientation applied. */
    public RasterImage decodeRaster() throws ImageFormatException {
        return ImageCodec.decodeRaster(bytes, name).oriented(header.orientation());
    }
}
