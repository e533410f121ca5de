package io.eaadam.common.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tiles cover an axis with at least the requested overlap, and their blend shares sum to one. */
class TilingTest {

    @ParameterizedTest
    @CsvSource({"100,32,8,2", "97,32,16,4", "33,32,8,3", "32,32,8,4", "20,32,8,2", "1000,64,0,2", "250,40,20,1"})
    void tilesCoverTheAxisAndSharesSumToOne(int length, int tile, int overlap, int scale) {
        int side = Tiling.side(length, tile, overlap);
        assertTrue(side <= tile && (side == length || side >= 2 * overlap), "side " + side);
        int[] starts = Tiling.starts(length, tile, overlap);
        assertEquals(0, starts[0]);
        assertEquals(length, starts[starts.length - 1] + side);
        for (int i = 1; i < starts.length; i++) {
            assertTrue(starts[i] > starts[i - 1] && starts[i - 1] + side - starts[i] >= overlap,
                    "tiles " + (i - 1) + " and " + i + " overlap by less than " + overlap);
        }
        float[][] weights = Tiling.weights(starts, side, overlap, scale);
        float[] sums = new float[length * scale];
        for (int i = 0; i < starts.length; i++) {
            for (int j = 0; j < side * scale; j++) {
                assertTrue(weights[i][j] > 0 && weights[i][j] <= 1);
                sums[starts[i] * scale + j] += weights[i][j];
            }
        }
        for (float sum : sums) {
            assertEquals(1f, sum, 1e-6f);
        }
    }

    @Test
    void theImageBorderKeepsFullShareAndSharesRampInsideOverlaps() {
        int[] starts = Tiling.starts(56, 32, 8);
        assertArrayEquals(new int[] {0, 24}, starts);
        float[][] w = Tiling.weights(starts, 32, 8, 1);
        assertEquals(1f, w[0][0]);
        assertEquals(1f, w[1][31]);
        assertEquals(1f, w[0][23]);
        // In the overlap (pixels 24..31) the first tile fades out towards its inner edge.
        assertTrue(w[0][24] > w[0][28] && w[0][28] > w[0][31]);
        assertEquals(1f, w[0][28] + w[1][4], 1e-6f);
    }

    @Test
    void anAxisALittleLongerThanATileIsTwoSmallerTilesNotTwoFullOnes() {
        assertEquals(168, Tiling.side(320, 256, 16));
        assertArrayEquals(new int[] {0, 152}, Tiling.starts(320, 256, 16));
        // Nine tiles either way, of 237 pixels instead of 256: 2133 pixels through the network, not 2304.
        assertEquals(237, Tiling.side(2000, 256, 16));
        assertEquals(9, Tiling.starts(2000, 256, 16).length);
        assertEquals(240, Tiling.side(240, 256, 16));
    }

    @Test
    void anOverlapAboveHalfATileIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Tiling.starts(100, 32, 17));
    }
}
