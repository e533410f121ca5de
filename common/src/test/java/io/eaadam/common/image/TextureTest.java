package io.eaadam.common.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TextureTest {

    @Test
    void theBusiestWindowIsWhereTheDetailIs() {
        // Flat grey, with a checkerboard in the lower right quarter.
        int side = 64;
        float[] data = new float[3 * side * side];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    data[(c * side + y) * side + x] = x >= 32 && y >= 32 && (x + y) % 2 == 0 ? 1f : 0.5f;
                }
            }
        }
        Texture.Window window = Texture.busiest(Image.of(3, side, side, data), 32);
        assertEquals(32, window.x());
        assertEquals(32, window.y());
        assertEquals(32, window.width());
        Texture.Window whole = Texture.busiest(Image.of(3, side, side, data), 100);
        assertEquals(new Texture.Window(0, 0, side, side, whole.detail()), whole);
    }
}
