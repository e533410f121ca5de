package io.eaadam.common.image;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The file formats eaadam reads, recognised by their first bytes (never by the file name). */
enum ImageFormat {
    PNG("PNG"),
    JPEG("JPEG"),
    TIFF("TIFF"),
    WEBP("WebP"),
    BMP("BMP");

    /** How many first bytes {@link #sniff} needs to tell every format apart (RIFF size WEBP). */
    static final int SNIFF_BYTES = 12;

    /** What a file that is none of them is told, after its name. */
    static final String NONE = "not a PNG, JPEG, TIFF, WebP or BMP image";

    private final String displayName;

    ImageFormat(String displayName) {
        this.displayName = displayName;
    }

    /** The format whose signature {@code first[0, length)} starts with, or {@code null}. */
    static ImageFormat sniff(byte[] first, int length) {
        if (length >= PngHeader.SIGNATURE.length && startsWith(first, PngHeader.SIGNATURE)) {
            return PNG;
        }
        if (length >= 3 && (first[0] & 0xFF) == 0xFF && (first[1] & 0xFF) == 0xD8 && (first[2] & 0xFF) == 0xFF) {
            return JPEG; // SOI and the next marker's first byte
        }
        if (length >= 4 && (startsWith(first, "II") && first[2] == 42 && first[3] == 0
                || startsWith(first, "MM") && first[2] == 0 && first[3] == 42)) {
            return TIFF; // classic TIFF, little- or big-endian (BigTIFF, 43, is not read)
        }
        if (length >= SNIFF_BYTES && startsWith(first, "RIFF")
                && Arrays.equals(first, 8, 12, "WEBP".getBytes(StandardCharsets.ISO_8859_1), 0, 4)) {
            return WEBP;
        }
        if (length >= 2 && first[0] == 'B' && first[1] == 'M') {
            return BMP;
        }
        return null;
    }

    private static boolean startsWith(byte[] bytes, String ascii) {
        return startsWith(bytes, ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    @Override
    public String toString() {
        return displayName;
    }
}
