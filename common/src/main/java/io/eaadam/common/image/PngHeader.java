package io.eaadam.common.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The IHDR facts of a PNG file whose chunk structure has been checked. The check exists because
 * ImageIO decodes a PNG cut short after its image data without complaint and never verifies CRCs,
 * so a damaged training file would otherwise pass silently.
 *
 * @param bitDepth the IHDR bit depth: 1, 2, 4, 8 or 16
 * @param colourType the IHDR colour type: 0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGBA
 * @param iccProfile the inflated profile of the iCCP chunk of a colour (not grey) image, or {@code null}
 */
record PngHeader(int bitDepth, int colourType, byte[] iccProfile) {

    static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    /** Whether the image has a single colour channel (colour types 0 and 4). */
    boolean grey() {
        return colourType == 0 || colourType == 4;
    }

    /**
     * Walks the chunks of {@code png} (which starts with the signature) up to IEND, checking that
     * IHDR comes first, that every chunk lies inside the file and that every CRC matches.
     */
    static PngHeader read(byte[] png, String name) throws ImageFormatException {
        PngHeader header = null;
        byte[] iccProfile = null;
        int pos = SIGNATURE.length;
        while (true) {
            if (pos + 8 > png.length) {
                throw corrupt(name, "the file ends at byte " + png.length + " before the IEND chunk");
            }
            int length = readInt(png, pos);
            String type = chunkType(png, pos + 4);
            long end = (long) pos + 12 + length;
            if (length < 0 || end > png.length) {
                throw corrupt(name, "chunk " + type + " at byte " + pos + " runs past the end of the file at byte "
                        + png.length);
            }
            CRC32 crc = new CRC32();
            crc.update(png, pos + 4, 4 + length);
            if ((int) crc.getValue() != readInt(png, pos + 8 + length)) {
                throw corrupt(name, "CRC mismatch in chunk " + type + " at byte " + pos);
            }
            if (header == null) {
                if (!type.equals("IHDR") || length != 13) {
                    throw corrupt(name, "the first chunk is " + type + " of " + length
                            + " bytes; expected IHDR of 13 bytes");
                }
                header = new PngHeader(png[pos + 16] & 0xFF, png[pos + 17] & 0xFF, null);
            }
            if (type.equals("iCCP") && !header.grey()) {
                iccProfile = iccProfile(png, pos + 8, length, name);
            }
            if (type.equals("IEND")) {
                return new PngHeader(header.bitDepth, header.colourType, iccProfile);
            }
            pos = (int) end;
        }
    }

    /** The iCCP body: a profile name of 1 to 79 bytes, a zero, compression method 0 and the zlib stream. */
    private static byte[] iccProfile(byte[] png, int body, int length, String name) throws ImageFormatException {
        int nameEnd = body;
        while (nameEnd < body + Math.min(length, 80) && png[nameEnd] != 0) {
            nameEnd++;
        }
        int data = nameEnd + 2;
        if (nameEnd == body + Math.min(length, 80) || data > body + length) {
            throw corrupt(name, "an iCCP chunk without its profile name");
        }
        Inflater inflater = new Inflater();
        try (ByteArrayOutputStream profile = new ByteArrayOutputStream()) {
            inflater.setInput(png, data, body + length - data);
            byte[] buffer = new byte[8192];
            while (!inflater.finished()) {
                int inflated = inflater.inflate(buffer);
                if (inflated == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw corrupt(name, "the iCCP chunk's profile ends early");
                }
                profile.write(buffer, 0, inflated);
            }
            return profile.toByteArray();
        } catch (DataFormatException | IOException e) {
            throw corrupt(name, "the iCCP chunk's profile is not zlib data");
        } finally {
            inflater.end();
        }
    }

    private static ImageFormatException corrupt(String name, String detail) {
        return new ImageFormatException(name, "truncated or corrupt PNG data (" + detail + ")");
    }

    private static int readInt(byte[] b, int pos) {
        return (b[pos] & 0xFF) << 24 | (b[pos + 1] & 0xFF) << 16 | (b[pos + 2] & 0xFF) << 8 | (b[pos + 3] & 0xFF);
    }

    /** The four-letter chunk type, with anything but ASCII letters shown as '?' (damaged files). */
    private static String chunkType(byte[] b, int pos) {
        char[] type = new String(b, pos, 4, StandardCharsets.ISO_8859_1).toCharArray();
        for (int i = 0; i < type.length; i++) {
            char ch = type[i];
            if (!(ch >= 'A' && ch <= 'Z' || ch >= 'a' && ch <= 'z')) {
                type[i] = '?';
            }
        }
        return new String(type);
    }
}
