package io.eaadam.common.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The EXIF orientation tag (0x0112) of a JPEG APP1 segment, and the pixel mapping it asks for. Camera
 * JPEGs store the sensor's rows and leave the rotation to this tag, which ImageIO ignores.
 */
public final class ExifOrientation {

    private static final int ORIENTATION_TAG = 0x0112;

    private ExifOrientation() {}

    /**
     * The orientation in an APP1 payload (starting "Exif\0\0", then a TIFF header), or 1 when the
     * segment is not EXIF, has no orientation, or is damaged: a bad tag must not cost the image.
     */
    public static int of(byte[] app1) {
        if (app1.length < 14 || !new String(app1, 0, 6, StandardCharsets.ISO_8859_1).equals("Exif\0\0")) {
            return 1;
        }
        ByteBuffer tiff = ByteBuffer.wrap(app1, 6, app1.length - 6).slice();
        if (tiff.get(0) == 'I' && tiff.get(1) == 'I') {
            tiff.order(ByteOrder.LITTLE_ENDIAN);
        } else if (!(tiff.get(0) == 'M' && tiff.get(1) == 'M')) {
            return 1;
        }
        try {
            int ifd = tiff.getInt(4);
            int entries = tiff.getShort(ifd) & 0xFFFF;
            for (int i = 0; i < entries; i++) {
                int entry = ifd + 2 + 12 * i;
                if ((tiff.getShort(entry) & 0xFFFF) == ORIENTATION_TAG) {
                    int value = tiff.getShort(entry + 8) & 0xFFFF; // type SHORT, count 1: the value is inline
                    return value >= 1 && value <= 8 ? value : 1;
                }
            }
        } catch (IndexOutOfBoundsException e) {
            return 1;
        }
        return 1;
    }

    /**
     * Where displayed pixel {@code (x, y)} is stored in a {@code storedWidth x storedHeight} image with
     * this orientation: {@code {storedX, storedY}}.
     */
    public static int[] storedPosition(int orientation, int x, int y, int storedWidth, int storedHeight) {
        int lastX = storedWidth - 1;
        int lastY = storedHeight - 1;
        return switch (orientation) {
            case 1 -> new int[] {x, y};
            case 2 -> new int[] {lastX - x, y};
            case 3 -> new int[] {lastX - x, lastY - y};
            case 4 -> new int[] {x, lastY - y};
            case 5 -> new int[] {y, x};
            case 6 -> new int[] {y, lastY - x};
            case 7 -> new int[] {lastX - y, lastY - x};
            case 8 -> new int[] {lastX - y, x};
            default -> throw new IllegalArgumentException("EXIF orientation must be 1 to 8, got " + orientation);
        };
    }
}
