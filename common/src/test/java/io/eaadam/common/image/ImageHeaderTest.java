package io.eaadam.common.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eaadam.common.testing.TestImages;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;

/** Sizes and EXIF orientation come from the first bytes; damaged headers are named. */
class ImageHeaderTest {

    @Test
    void pngAndJpegSizesComeFromTheHeader() throws IOException {
        Image image = TestImages.smoothRgb(37, 23, 1);
        ImageHeader png = read(png(image));
        assertEquals(new ImageHeader("PNG", 37, 23, 1), png);
        ImageHeader jpeg = read(jpeg(image));
        assertEquals(new ImageHeader("JPEG", 37, 23, 1), jpeg);
        assertEquals(37L * 23, jpeg.pixels());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 6, 8})
    void theExifOrientationIsRead(int orientation) throws IOException {
        ImageHeader header = read(TestImages.withExifOrientation(jpeg(TestImages.smoothRgb(40, 20, 2)), orientation));
        assertEquals(orientation, header.orientation());
        assertEquals(orientation >= 5 ? 20 : 40, header.orientedWidth());
        assertEquals(orientation >= 5 ? 40 : 20, header.orientedHeight());
    }

    @Test
    void orientationsMapDisplayedPixelsToStoredOnes() {
        // A 3x2 stored image; orientation 6 shows it rotated 90 degrees clockwise (2x3).
        assertEquals(Arrays.toString(new int[] {0, 1}), Arrays.toString(ExifOrientation.storedPosition(6, 0, 0, 3, 2)));
        assertEquals(Arrays.toString(new int[] {2, 0}), Arrays.toString(ExifOrientation.storedPosition(6, 1, 2, 3, 2)));
        assertEquals(Arrays.toString(new int[] {2, 1}), Arrays.toString(ExifOrientation.storedPosition(3, 0, 0, 3, 2)));
        assertEquals(Arrays.toString(new int[] {2, 0}), Arrays.toString(ExifOrientation.storedPosition(8, 0, 0, 3, 2)));
    }

    @Test
    void damagedHeadersAreNamed() throws IOException {
        byte[] png = png(TestImages.smoothRgb(8, 8, 3));
        assertTrue(message(new byte[0]).endsWith("x.img: empty file"));
        assertTrue(message("hello".getBytes()).contains("not a PNG, JPEG, TIFF, WebP or BMP"));
        assertTrue(message(Arrays.copyOf(png, 12)).contains("truncated"), message(Arrays.copyOf(png, 12)));
        assertTrue(message(Arrays.copyOf(jpeg(TestImages.smoothRgb(8, 8, 3)), 30)).contains("truncated"));
    }

    private static String message(byte[] bytes) {
        return assertThrows(ImageFormatException.class, () -> ImageHeader.read(new ByteArrayInputStream(bytes), "x.img"))
                .getMessage();
    }

    static ImageHeader read(byte[] bytes) throws IOException {
        return ImageHeader.read(new ByteArrayInputStream(bytes), "test");
    }

    static byte[] png(Image image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageCodec.encodePng(image, null, 8, out);
        return out.toByteArray();
    }

    static byte[] jpeg(Image image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageCodec.encodeJpeg(image, 0.95f, out);
        return out.toByteArray();
    }
}
