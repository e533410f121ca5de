package io.eaadam.common.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import java.util.List;

class EaSetSharesTest {

    @Test
    void largestImagesFirstToTheLightestWorker() {
        // Images 1 and 3 (16 tiles) start the two shares, 2 (9) joins the first, 0, 5 and 4 the second: 25 and 25.
        int[] tiles = {4, 16, 9, 16, 1, 4};
        assertEquals(List.of(List.of(1, 2), List.of(0, 3, 4, 5)), EaSetShares.assign(tiles, 2));
    }

    @Test
    void oneWorkerHoldsEveryImageAndSurplusWorkersNone() {
        int[] tiles = {3, 3, 3};
        assertEquals(List.of(List.of(0, 1, 2)), EaSetShares.assign(tiles, 1));
        assertEquals(List.of(List.of(0), List.of(1), List.of(2), List.of()), EaSetShares.assign(tiles, 4));
    }

    @Test
    void everyImageOnceWhateverTheWorkers() {
        int[] tiles = {16, 12, 16, 9, 16, 2, 7, 16};
        for (int workers = 1; workers <= 9; workers++) {
            List<Integer> all = EaSetShares.assign(tiles, workers).stream().flatMap(List::stream).sorted().toList();
            assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), all, workers + " workers");
        }
        assertThrows(IllegalArgumentException.class, () -> EaSetShares.assign(tiles, 0));
    }
}
