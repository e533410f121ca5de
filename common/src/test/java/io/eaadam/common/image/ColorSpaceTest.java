package io.eaadam.common.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ColorSpaceTest {

    @Test
    void lumaSpansTheStudioRange() {
        // Pixels: black, white, pure red, pure green, pure blue, mid-grey; row-major over 2x3.
        float[] r = {0, 1, 1, 0, 0, 0.5f};
        float[] g = {0, 1, 0, 1, 0, 0.5f};
        float[] b = {0, 1, 0, 0, 1, 0.5f};
        float[] data = new float[18];
        System.arraycopy(r, 0, data, 0, 6);
        System.arraycopy(g, 0, data, 6, 6);
        System.arraycopy(b, 0, data, 12, 6);
        double[] y = ColorSpace.luma(Image.of(3, 2, 3, data));
        assertArrayEquals(new double[] {16, 235, 16 + 65.481, 16 + 128.553, 16 + 24.966, 16 + 219 / 2.0}, y, 1e-12);
    }

    @Test
    void lumaNeedsRgb() {
        assertThrows(IllegalArgumentException.class, () -> ColorSpace.luma(Image.of(1, 1, 1, new float[1])));
    }
}
