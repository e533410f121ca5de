package io.eaadam.common.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.eaadam.common.config.EaAdamConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TileGridTest {

    /** LR 13x9, HR 26x18: with HR tiles of 4 that is 6 columns (2 HR pixels dropped) by 4 rows (2 dropped). */
    private static final ImagePair PAIR = PatchSamplerTest.coordinatePair(0, 13, 9, 2);

    private static TileGrid grid(int maxTiles, int keepFrom, int keepCount) {
        return new TileGrid(new EaAdamConfig.EaSet("", "", 16, 4, maxTiles, keepFrom, keepCount), 2);
    }

    @Test
    void cutsWholeAlignedTilesInRowMajorOrder() {
        Batch tiles = grid(100, 25, 50).tiles(PAIR);
        assertEquals(24, tiles.size());
        assertEquals(2, tiles.lrSide());
        assertEquals(4, tiles.hrSide());
        assertEquals(tileIndices(0, 24), indices(tiles));
        for (int i = 0; i < 24; i++) {
            int row = i / 6;
            int column = i % 6;
            assertArrayEquals(PAIR.lr().crop(2 * column, 2 * row, 2, 2).data(), tiles.lrImage(i).data());
            assertArrayEquals(PAIR.hr().crop(4 * column, 4 * row, 4, 4).data(), tiles.hrImage(i).data());
        }
    }

    @Test
    void keepsOnlyTheConfiguredRunWhenAnImageHasMoreThanMaxTiles() {
        assertEquals(tileIndices(0, 24), indices(grid(24, 5, 10).tiles(PAIR)), "24 is not more than 24");
        assertEquals(tileIndices(5, 15), indices(grid(23, 5, 10).tiles(PAIR)));
        assertEquals(tileIndices(20, 24), indices(grid(20, 20, 10).tiles(PAIR)), "clipped at the last tile");
    }

    @Test
    void anImageWithoutKeptTilesIsAnError() {
        assertEquals("pair-0: HR 26x18 holds 24 whole 4-pixel tiles and none is kept; keep-from 24 is past the last;"
                + " expected keep-from below max-tiles",
                assertThrows(IllegalArgumentException.class, () -> grid(20, 24, 10).tiles(PAIR)).getMessage());
        ImagePair narrow = PatchSamplerTest.coordinatePair(0, 1, 9, 2);
        assertEquals("pair-0: HR 2x18 holds 0 whole 4-pixel tiles and none is kept; expected at least 4 pixels on"
                + " each side",
                assertThrows(IllegalArgumentException.class, () -> grid(100, 0, 1).tiles(narrow)).getMessage());
        ImagePair otherScale = PatchSamplerTest.coordinatePair(0, 8, 8, 4);
        assertThrows(IllegalArgumentException.class, () -> grid(100, 0, 1).tiles(otherScale));
    }

    /** Row-major tile indices of a batch, read back from the coordinates its LR tiles hold. */
    private static List<Integer> indices(Batch tiles) {
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < tiles.size(); i++) {
            int row = (int) tiles.lrImage(i).get(0, 0, 0) / 2;
            int column = (int) tiles.lrImage(i).get(1, 0, 0) / 2;
            indices.add(row * 6 + column);
        }
        return indices;
    }

    private static List<Integer> tileIndices(int from, int to) {
        List<Integer> indices = new ArrayList<>();
        for (int i = from; i < to; i++) {
            indices.add(i);
        }
        return indices;
    }
}
