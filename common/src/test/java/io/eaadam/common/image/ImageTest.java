package io.eaadam.common.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ImageTest {

    /** 2 channels, 2 rows, 3 columns: value = 100 c + 10 y + x. */
    private static Image sample() {
        float[] data = new float[12];
        for (int c = 0; c < 2; c++) {
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 3; x++) {
                    data[(c * 2 + y) * 3 + x] = 100 * c + 10 * y + x;
                }
            }
        }
        return Image.of(2, 2, 3, data);
    }

    @Test
    void layoutIsChannelMajor() {
        Image image = sample();
        assertEquals(2, image.channels());
        assertEquals(2, image.height());
        assertEquals(3, image.width());
        assertEquals(112f, image.get(1, 1, 2));
        assertEquals(1f, image.get(0, 0, 1));
        assertEquals("2x2x3", image.shapeString());
    }

    @Test
    void ofWrapsWithoutCopying() {
        float[] data = new float[4];
        assertSame(data, Image.of(1, 2, 2, data).data());
    }

    @Test
    void ofRejectsBadShapes() {
        IllegalArgumentException wrongLength =
                assertThrows(IllegalArgumentException.class, () -> Image.of(3, 2, 2, new float[11]));
        assertTrue(wrongLength.getMessage().contains("needs 12 values, got 11"), wrongLength.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Image.of(5, 1, 1, new float[5]));
        assertThrows(IllegalArgumentException.class, () -> Image.of(0, 1, 1, new float[0]));
        assertThrows(IllegalArgumentException.class, () -> Image.of(1, 0, 4, new float[0]));
    }

    @Test
    void getChecksBounds() {
        Image image = sample();
        assertThrows(IndexOutOfBoundsException.class, () -> image.get(2, 0, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> image.get(0, 0, 3));
    }

    @Test
    void cropCopiesTheRectangleOfEveryChannel() {
        Image image = sample();
        Image crop = image.crop(1, 1, 2, 1);
        assertEquals("2x1x2", crop.shapeString());
        assertArrayEquals(new float[] {11, 12, 111, 112}, crop.data());
        crop.data()[0] = -1;
        assertEquals(11f, image.get(0, 1, 1));
    }

    @Test
    void cropOutsideTheImageSaysWhere() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> sample().crop(2, 0, 2, 1));
        assertEquals("crop of 2x1 at (2, 0) does not lie inside a 3x2 image", e.getMessage());
    }

    @Test
    void channelIsAOneChannelCopy() {
        Image image = sample();
        Image second = image.channel(1);
        assertEquals("1x2x3", second.shapeString());
        assertArrayEquals(new float[] {100, 101, 102, 110, 111, 112}, second.data());
        second.data()[0] = 0;
        assertEquals(100f, image.get(1, 0, 0));
    }

    @Test
    void quantizedClampsAndRoundsHalfUp() {
        // 0.5 * 255 = 127.5 exactly, so it must round up; 0.002 and 0.0019 lie either side of half a level.
        float[] values = {-0.2f, 0f, 0.5f, 0.25f, 0.002f, 0.0019f, 1f, 1.3f, Float.NaN};
        Image q8 = Image.of(1, 1, values.length, values).quantized(8);
        assertArrayEquals(new float[] {0, 0, 128 / 255f, 64 / 255f, 1 / 255f, 0, 1, 1, 0}, q8.data());
        Image q16 = Image.of(1, 1, 2, new float[] {0.5f, 0.25f}).quantized(16);
        assertArrayEquals(new float[] {32768 / 65535f, 16384 / 65535f}, q16.data());
        assertThrows(IllegalArgumentException.class, () -> q8.quantized(12));
    }
}
