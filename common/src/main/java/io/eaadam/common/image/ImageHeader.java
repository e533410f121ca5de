package io.eaadam.common.image;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * What a PNG or JPEG file says about itself before its pixels: format, stored size and EXIF orientation.
 * Read from the first bytes of a stream (PNG: the IHDR chunk; JPEG: the segments up to the frame
 * header), so that an absurdly large image can be refused before anything is decoded.
 *
 * @param format "PNG" or "JPEG"
 * @param width stored width, before orientation
 * @param height stored height, before orientation
 * @param orientation the EXIF orientation, 1 to 8 (1 when absent or not a JPEG)
 */
public record ImageHeader(String format, int width, int height, int orientation) {

    /** The frame-header markers (SOF0..SOF15 less DHT, JPG and DAC), which give the image size. */
    private static boolean isFrameHeader(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    public long pixels() {
        return (long) width * height;
    }

    /** Width as displayed: orientations 5 to 8 swap the sides. */
    public int orientedWidth() {
        return orientation >= 5 ? height : width;
    }

    public int orientedHeight() {
        return orientation >= 5 ? width : height;
    }

    /**
     * Reads the header from {@code in}, which is left positioned somewhere after it (not closed).
     *
     * @param name the file name used in error messages
     * @throws ImageFormatException when the file is empty, neither PNG nor JPEG, or ends inside its header
     */
    public static ImageHeader read(InputStream in, String name) throws ImageFormatException {
        DataInputStream data = new DataInputStream(in);
        try {
            int first = data.read();
            if (first < 0) {
                throw new ImageFormatException(name, "empty file");
            }
            int second = data.read();
            if (first == 0x89 && second == 'P') {
                return png(data, name);
            }
            if (first == 0xFF && second == 0xD8) {
                return jpeg(data, name);
            }
            throw new ImageFormatException(name, "not a PNG or JPEG image");
        } catch (EOFException e) {
            throw new ImageFormatException(name, "truncated: the file ends inside its header", e);
        } catch (ImageFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new ImageFormatException(name, "could not be read (" + e.getMessage() + ")", e);
        }
    }

    private static ImageHeader png(DataInputStream in, String name) throws IOException {
        byte[] rest = new byte[PngHeader.SIGNATURE.length - 2 + 8];
        in.readFully(rest);
        if (!Arrays.equals(rest, 0, 6, PngHeader.SIGNATURE, 2, 8)
                || !new String(rest, 10, 4, java.nio.charset.StandardCharsets.ISO_8859_1).equals("IHDR")) {
            throw new ImageFormatException(name, "not a PNG or JPEG image (damaged PNG signature or no IHDR chunk)");
        }
        int width = in.readInt();
        int height = in.readInt();
        if (width <= 0 || height <= 0) {
            throw new ImageFormatException(name, "truncated or corrupt PNG data (IHDR gives a size of "
                    + Integer.toUnsignedString(width) + "x" + Integer.toUnsignedString(height) + ")");
        }
        return new ImageHeader("PNG", width, height, 1);
    }

    private static ImageHeader jpeg(DataInputStream in, String name) throws IOException {
        int orientation = 1;
        while (true) {
            int marker = in.readUnsignedByte();
            if (marker != 0xFF) {
                throw new ImageFormatException(name, "truncated or corrupt JPEG data (no marker where one was expected)");
            }
            int type = in.readUnsignedByte();
            while (type == 0xFF) { // fill bytes
                type = in.readUnsignedByte();
            }
            if (type == 0xD9 || type == 0xDA) {
                throw new ImageFormatException(name, "truncated or corrupt JPEG data (no frame header before the scan)");
            }
            if (type == 0x01 || type >= 0xD0 && type <= 0xD7) {
                continue; // markers without a length
            }
            int length = in.readUnsignedShort() - 2;
            if (length < 0) {
                throw new ImageFormatException(name, "truncated or corrupt JPEG data (segment length below 2)");
            }
            if (isFrameHeader(type)) {
                in.readUnsignedByte(); // sample precision
                int height = in.readUnsignedShort();
                int width = in.readUnsignedShort();
                if (width == 0 || height == 0) {
                    throw new ImageFormatException(name, "unsupported JPEG without its size in the frame header");
                }
                return new ImageHeader("JPEG", width, height, orientation);
            }
            if (type == 0xE1) {
                byte[] segment = new byte[length];
                in.readFully(segment);
                orientation = ExifOrientation.of(segment);
            } else {
                in.skipNBytes(length);
            }
        }
    }
}
