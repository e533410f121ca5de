package io.eaadam.common.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.eaadam.common.image.Image;
import io.eaadam.common.testing.TestImages;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchTest {

    @Test
    void stacksPatchesAsNchwAndSlicesThemBack() {
        Image lr0 = TestImages.lcgNoise(3, 2, 2, 1);
        Image lr1 = TestImages.lcgNoise(3, 2, 2, 2);
        Image hr0 = TestImages.lcgNoise(3, 4, 4, 3);
        Image hr1 = TestImages.lcgNoise(3, 4, 4, 4);

        Batch batch = Batch.stack(List.of(lr0, lr1), List.of(hr0, hr1));

        assertArrayEquals(new long[] {2, 3, 2, 2}, batch.lrShape());
        assertArrayEquals(new long[] {2, 3, 4, 4}, batch.hrShape());
        assertEquals(lr1.get(2, 1, 0), batch.lr()[12 + (2 * 2 + 1) * 2]); // n = 1, c = 2, y = 1, x = 0
        assertArrayEquals(lr1.data(), batch.lrImage(1).data());
        assertArrayEquals(hr0.data(), batch.hrImage(0).data());
    }

    @Test
    void rejectsMismatchedPatches() {
        Image lr = TestImages.lcgNoise(3, 2, 2, 1);
        Image hr = TestImages.lcgNoise(3, 4, 4, 2);
        assertThrows(IllegalArgumentException.class, () -> Batch.stack(List.of(lr), List.of()));
        assertEquals("patch 1 is 3x2x3; expected 3x2x2 (CxHxW) like the first", assertThrows(
                IllegalArgumentException.class,
                () -> Batch.stack(List.of(lr, TestImages.lcgNoise(3, 2, 3, 3)), List.of(hr, hr))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Batch(1, 2, 4, new float[12], new float[47]));
    }

    @Test
    void aPairMustBeRgbAndAWholeMultipleInBothDimensions() {
        Image lr = TestImages.lcgNoise(3, 2, 3, 1);
        assertEquals(4, new ImagePair("a", lr, TestImages.lcgNoise(3, 8, 12, 2)).scale());
        assertEquals("b: HR 13x8 is not a whole multiple of LR 3x2 in both dimensions", assertThrows(
                IllegalArgumentException.class,
                () -> new ImagePair("b", lr, TestImages.lcgNoise(3, 8, 13, 2))).getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new ImagePair("c", TestImages.lcgNoise(1, 2, 3, 1), TestImages.lcgNoise(1, 4, 6, 2)));
    }
}
