package io.eaadam.common.image;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What an image file says about itself before its pixels: format, stored size and orientation. Read from
 * the header of a stream (PNG: the IHDR chunk; JPEG: the segments up to the frame header; TIFF: the first
 * image file directory, either byte order; WebP: the first chunk, VP8X, VP8L or VP8; BMP: the DIB header),
 * so that an absurdly large image can be refused before anything is decoded.
 *
 * @param format "PNG", "JPEG", "TIFF", "WebP" or "BMP"
 * @param width stored width, before orientation
 * @param height stored height, before orientation
 * @param orientation the EXIF orientation of a JPEG or the Orientation tag of a TIFF (same values), 1 to 8;
 *     1 when absent or another format
 */
public record ImageHeader(String format, int width, int height, int orientation) {

    private static final int TIFF_SHORT = 3;
    private static final int TIFF_IMAGE_WIDTH = 256;
    private static final int TIFF_IMAGE_LENGTH = 257;
    private static final int TIFF_ORIENTATION = 274;

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
     * @throws ImageFormatException when the file is empty, none of the formats read, or ends inside its header
     */
    public static ImageHeader read(InputStream in, String name) throws ImageFormatException {
        try {
            byte[] first = in.readNBytes(ImageFormat.SNIFF_BYTES);
            if (first.length == 0) {
                throw new ImageFormatException(name, "empty file");
            }
            ImageFormat format = ImageFormat.sniff(first, first.length);
            if (format == null) {
                throw new ImageFormatException(name, ImageFormat.NONE);
            }
            DataInputStream data = new DataInputStream(
                    new SequenceInputStream(new ByteArrayInputStream(first), in));
            return switch (format) {
                case PNG -> png(data, name);
                case JPEG -> {
                    JpegFrame frame = jpegFrame(data, name);
                    yield new ImageHeader("JPEG", frame.width, frame.height, frame.orientation);
                }
                case TIFF -> tiff(data, name);
                case WEBP -> webp(data, name);
                case BMP -> bmp(data, name);
            };
        } catch (EOFException e) {
            throw new ImageFormatException(name, "truncated: the file ends inside its header", e);
        } catch (ImageFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new ImageFormatException(name, "could not be read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Whether a JPEG's frame header declares 4 colour components (CMYK or YCCK) rather than 1 (grey) or 3
     * (YCbCr or RGB), which decides its decoder; {@code false} when the header cannot be read, so that the
     * usual decoder reports the damage.
     */
    static boolean hasFourComponents(byte[] jpeg) {
        try {
            return jpegFrame(new DataInputStream(new ByteArrayInputStream(jpeg)), "").components == 4;
        } catch (IOException e) { // truncated or corrupt, an ImageFormatException included
            return false;
        }
    }

    private static ImageHeader png(DataInputStream in, String name) throws IOException {
        byte[] start = new byte[PngHeader.SIGNATURE.length + 8];
        in.readFully(start);
        if (!Arrays.equals(start, 0, 8, PngHeader.SIGNATURE, 0, 8)
                || !new String(start, 12, 4, StandardCharsets.ISO_8859_1).equals("IHDR")) {
            throw new ImageFormatException(name, ImageFormat.NONE + " (damaged PNG signature or no IHDR chunk)");
        }
        int width = in.readInt();
        int height = in.readInt();
        if (width <= 0 || height <= 0) {
            throw new ImageFormatException(name, "truncated or corrupt PNG data (IHDR gives a size of "
                    + Integer.toUnsignedString(width) + "x" + Integer.toUnsignedString(height) + ")");
        }
        return new ImageHeader("PNG", width, height, 1);
    }

    /** The size and orientation in the first image file directory (IFD0), which may lie anywhere in the file. */
    private static ImageHeader tiff(DataInputStream in, String name) throws IOException {
        boolean little = in.readUnsignedByte() == 'I';
        in.skipNBytes(3); // the second order byte and the magic number, checked when sniffed
        long ifd = Integer.toUnsignedLong(int32(in, little));
        if (ifd < 8) {
            throw new ImageFormatException(name, "truncated or corrupt TIFF data (IFD0 at byte " + ifd + ")");
        }
        in.skipNBytes(ifd - 8);
        int entries = int16(in, little);
        long width = 0;
        long height = 0;
        int orientation = 1;
        for (int i = 0; i < entries; i++) {
            int tag = int16(in, little);
            int type = int16(in, little);
            in.skipNBytes(4); // the count: 1 for these tags
            int value = int32(in, little);
            // A SHORT value sits in the field's first two bytes; a LONG fills it.
            long number = type == TIFF_SHORT ? (little ? value & 0xFFFF : value >>> 16) : Integer.toUnsignedLong(value);
            switch (tag) {
                case TIFF_IMAGE_WIDTH -> width = number;
                case TIFF_IMAGE_LENGTH -> height = number;
                case TIFF_ORIENTATION -> orientation = number >= 1 && number <= 8 ? (int) number : 1;
                default -> { }
            }
        }
        if (width < 1 || height < 1 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
            throw new ImageFormatException(name, "truncated or corrupt TIFF data (IFD0 gives a size of "
                    + width + "x" + height + ")");
        }
        return new ImageHeader("TIFF", (int) width, (int) height, orientation);
    }

    /** The canvas size of the first chunk: VP8X (extended), VP8L (lossless) or VP8 (lossy key frame). */
    private static ImageHeader webp(DataInputStream in, String name) throws IOException {
        in.skipNBytes(ImageFormat.SNIFF_BYTES); // RIFF, size, WEBP
        byte[] chunk = new byte[4];
        in.readFully(chunk);
        String type = new String(chunk, StandardCharsets.ISO_8859_1);
        in.skipNBytes(4); // the chunk size
        int width;
        int height;
        switch (type) {
            case "VP8X" -> {
                in.skipNBytes(4); // flags and reserved bytes
                width = int24(in) + 1;
                height = int24(in) + 1;
            }
            case "VP8L" -> {
                if (in.readUnsignedByte() != 0x2F) {
                    throw new ImageFormatException(name, "truncated or corrupt WebP data (no VP8L signature)");
                }
                int bits = int32(in, true);
                width = (bits & 0x3FFF) + 1;
                height = (bits >>> 14 & 0x3FFF) + 1;
            }
            case "VP8 " -> {
                in.skipNBytes(3); // the frame tag
                if (in.readUnsignedByte() != 0x9D || in.readUnsignedByte() != 0x01 || in.readUnsignedByte() != 0x2A) {
                    throw new ImageFormatException(name, "truncated or corrupt WebP data (no VP8 start code)");
                }
                width = int16(in, true) & 0x3FFF; // the top two bits are a scaling hint
                height = int16(in, true) & 0x3FFF;
            }
            default -> throw new ImageFormatException(name, "truncated or corrupt WebP data (first chunk "
                    + type.replaceAll("[^ -~]", "?") + "; expected VP8, VP8L or VP8X)");
        }
        if (width < 1 || height < 1) {
            throw new ImageFormatException(name, "truncated or corrupt WebP data (a size of " + width + "x" + height + ")");
        }
        return new ImageHeader("WebP", width, height, 1);
    }

    /** The size in the DIB header: BITMAPCOREHEADER (16-bit sides) or BITMAPINFOHEADER and its successors. */
    private static ImageHeader bmp(DataInputStream in, String name) throws IOException {
        in.skipNBytes(14); // the file header
        int headerSize = int32(in, true);
        long width;
        long height;
        if (headerSize == 12) {
            width = int16(in, true);
            height = int16(in, true);
        } else if (headerSize >= 40) {
            width = int32(in, true);
            height = Math.abs((long) int32(in, true)); // negative for rows stored top-down
        } else {
            throw new ImageFormatException(name, "truncated or corrupt BMP data (a DIB header of " + headerSize
                    + " bytes)");
        }
        if (width < 1 || height < 1 || height > Integer.MAX_VALUE) {
            throw new ImageFormatException(name, "truncated or corrupt BMP data (a size of " + width + "x" + height + ")");
        }
        return new ImageHeader("BMP", (int) width, (int) height, 1);
    }

    private static int int16(DataInputStream in, boolean little) throws IOException {
        int value = in.readUnsignedShort();
        return little ? Integer.reverseBytes(value) >>> 16 : value;
    }

    private static int int24(DataInputStream in) throws IOException {
        return in.readUnsignedByte() | in.readUnsignedByte() << 8 | in.readUnsignedByte() << 16;
    }

    private static int int32(DataInputStream in, boolean little) throws IOException {
        int value = in.readInt();
        return little ? Integer.reverseBytes(value) : value;
    }

    /** What the frame header walk finds: the stored size, component count and EXIF orientation. */
    private record JpegFrame(int width, int height, int components, int orientation) {}

    /** Walks the segments after SOI up to the frame header. */
    private static JpegFrame jpegFrame(DataInputStream in, String name) throws IOException {
        in.skipNBytes(2); // SOI
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
                return new JpegFrame(width, height, in.readUnsignedByte(), orientation);
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
