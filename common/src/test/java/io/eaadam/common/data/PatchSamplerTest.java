package io.eaadam.common.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eaadam.common.config.ConfigLoader;
import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.image.Image;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PatchSamplerTest {

    private static final int SCALE = 2;
    private static final long SEED = 42;

    /**
     * A pair whose LR sample (c, y, x) is y, x and the pair's index for c = 0, 1, 2, and whose HR is
     * the LR with every pixel repeated into a scale x scale block. So a patch tells where it was cut
     * from and how it was transformed, and LR and HR patches agree block for block exactly when the
     * HR crop is the LR crop times the scale under the same transform.
     */
    static ImagePair coordinatePair(int index, int lrWidth, int lrHeight, int scale) {
        int plane = lrWidth * lrHeight;
        float[] lr = new float[3 * plane];
        for (int y = 0; y < lrHeight; y++) {
            for (int x = 0; x < lrWidth; x++) {
                lr[y * lrWidth + x] = y;
                lr[plane + y * lrWidth + x] = x;
                lr[2 * plane + y * lrWidth + x] = index;
            }
        }
        int hrWidth = lrWidth * scale;
        int hrHeight = lrHeight * scale;
        float[] hr = new float[3 * hrWidth * hrHeight];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < hrHeight; y++) {
                for (int x = 0; x < hrWidth; x++) {
                    hr[(c * hrHeight + y) * hrWidth + x] = lr[c * plane + (y / scale) * lrWidth + x / scale];
                }
            }
        }
        return new ImagePair("pair-" + index, Image.of(3, lrHeight, lrWidth, lr), Image.of(3, hrHeight, hrWidth, hr));
    }

    static EaAdamConfig.Data data(int patchSize, int batchSize, int repeat, boolean augment, int iterations) {
        return new EaAdamConfig.Data("", "", "", "", patchSize, batchSize, repeat, augment, 0, iterations,
                ConfigLoader.defaults().data().imageLimits());
    }

    private static PairSource pairs(int count) {
        List<ImagePair> pairs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pairs.add(coordinatePair(i, 12, 10, SCALE));
        }
        return PairSource.of(pairs);
    }

    /** Where a sample was cut and how it was transformed, read back from its patches. */
    private record Sample(int pair, int x, int y, Dihedral transform) {
    }

    private static Sample decode(Batch batch, int row, PairSource pairs, int lrPatch) {
        Image lr = batch.lrImage(row);
        Image hr = batch.hrImage(row);
        // HR block (i, j) of side SCALE repeats LR pixel (i, j), in every channel.
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < hr.height(); y++) {
                for (int x = 0; x < hr.width(); x++) {
                    assertEquals(lr.get(c, y / SCALE, x / SCALE), hr.get(c, y, x), "HR not aligned with LR");
                }
            }
        }
        float[] rows = Arrays.copyOfRange(lr.data(), 0, lrPatch * lrPatch);
        float[] columns = Arrays.copyOfRange(lr.data(), lrPatch * lrPatch, 2 * lrPatch * lrPatch);
        int y0 = (int) min(rows);
        int x0 = (int) min(columns);
        int pair = (int) lr.get(2, 0, 0);
        Image source = pairs.get(pair).lr().crop(x0, y0, lrPatch, lrPatch);
        List<Dihedral> matches = Dihedral.ALL.stream()
                .filter(d -> Arrays.equals(d.apply(source).data(), lr.data())).toList();
        assertEquals(1, matches.size(), "one transform explains the LR patch");
        return new Sample(pair, x0, y0, matches.get(0));
    }

    private static float min(float[] values) {
        float min = Float.MAX_VALUE;
        for (float v : values) {
            min = Math.min(min, v);
        }
        return min;
    }

    @Test
    void patchesAreAlignedAndCoverPositionsPairsAndAllEightTransformsUniformly() {
        PairSource pairs = pairs(3);
        int lrPatch = 4;
        PatchSampler sampler = new PatchSampler(pairs, data(lrPatch * SCALE, 16, 400, true, 0), SCALE, SEED);
        assertEquals(75, sampler.iterationsPerEpoch()); // 3 pairs x 400 / 16

        Map<Dihedral, Integer> transforms = new HashMap<>();
        int[][] positions = new int[10 - lrPatch + 1][12 - lrPatch + 1];
        int epochs = 3;
        for (int epoch = 0; epoch < epochs; epoch++) {
            int[] pairUse = new int[3];
            for (int iteration = 0; iteration < sampler.iterationsPerEpoch(); iteration++) {
                Batch batch = sampler.batch(epoch, iteration);
                assertArrayEquals(new long[] {16, 3, 4, 4}, batch.lrShape());
                assertArrayEquals(new long[] {16, 3, 8, 8}, batch.hrShape());
                for (int row = 0; row < batch.size(); row++) {
                    Sample sample = decode(batch, row, pairs, lrPatch);
                    pairUse[sample.pair()]++;
                    positions[sample.y()][sample.x()]++;
                    transforms.merge(sample.transform(), 1, Integer::sum);
                }
            }
            // The epoch is a permutation: every pair exactly `repeat` times.
            assertArrayEquals(new int[] {400, 400, 400}, pairUse);
        }
        int samples = epochs * 1200;
        assertEquals(8, transforms.size());
        // Expected 450 each, standard deviation about 20; the bounds are 7 deviations wide.
        transforms.forEach((d, count) -> assertTrue(count > 300 && count < 600, d + " drawn " + count + " times"));
        double perPosition = samples / (double) (positions.length * positions[0].length);
        for (int[] row : positions) {
            for (int count : row) {
                assertTrue(count > perPosition / 2 && count < perPosition * 2, "position drawn " + count + " times");
            }
        }
    }

    @Test
    void withoutAugmentationPatchesAreUntransformed() {
        PairSource pairs = pairs(2);
        PatchSampler sampler = new PatchSampler(pairs, data(8, 4, 10, false, 0), SCALE, SEED);
        for (int iteration = 0; iteration < sampler.iterationsPerEpoch(); iteration++) {
            Batch batch = sampler.batch(1, iteration);
            for (int row = 0; row < batch.size(); row++) {
                assertEquals(Dihedral.IDENTITY, decode(batch, row, pairs, 4).transform());
            }
        }
    }

    @Test
    void sameSeedGivesTheSameBatchesAndEverythingElseDiffers() {
        PairSource pairs = pairs(3);
        EaAdamConfig.Data data = data(8, 4, 8, true, 0);
        PatchSampler sampler = new PatchSampler(pairs, data, SCALE, SEED);
        PatchSampler twin = new PatchSampler(pairs, data, SCALE, SEED);
        Batch reference = sampler.batch(2, 3);

        assertSameBatch(reference, twin.batch(2, 3));
        assertSameBatch(reference, sampler.batch(2, 3));
        assertFalse(Arrays.equals(reference.lr(), sampler.batch(3, 3).lr()), "other epoch");
        assertFalse(Arrays.equals(reference.lr(), sampler.batch(2, 4).lr()), "other iteration");
        assertFalse(Arrays.equals(reference.lr(), new PatchSampler(pairs, data, SCALE, SEED + 1).batch(2, 3).lr()),
                "other seed");
    }

    @Test
    void theSameBatchRequestedFromSeveralThreadsIsIdentical() throws Exception {
        PairSource pairs = pairs(3);
        EaAdamConfig.Data data = data(8, 4, 8, true, 0);
        Batch reference = new PatchSampler(pairs, data, SCALE, SEED).batch(5, 2);
        PatchSampler shared = new PatchSampler(pairs, data, SCALE, SEED);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Batch>> results = new ArrayList<>();
            for (int task = 0; task < 32; task++) {
                int otherEpoch = task;
                results.add(threads.submit(() -> {
                    shared.batch(otherEpoch, 0); // interleaves epochs, so the cached order changes under the others
                    return shared.batch(5, 2);
                }));
            }
            for (Future<Batch> result : results) {
                assertSameBatch(reference, result.get());
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aFixedIterationCountWrapsAroundThePermutation() {
        PairSource pairs = pairs(3);
        PatchSampler sampler = new PatchSampler(pairs, data(8, 2, 1, true, 6), SCALE, SEED);
        assertEquals(6, sampler.iterationsPerEpoch());
        int[] pairOfSample = new int[12];
        for (int iteration = 0; iteration < 6; iteration++) {
            Batch batch = sampler.batch(0, iteration);
            for (int row = 0; row < 2; row++) {
                pairOfSample[iteration * 2 + row] = decode(batch, row, pairs, 4).pair();
            }
        }
        for (int k = 3; k < 12; k++) {
            assertEquals(pairOfSample[k - 3], pairOfSample[k], "sample " + k + " repeats sample " + (k - 3));
        }
        assertEquals(1, new PatchSampler(pairs, data(8, 2, 1, true, 0), SCALE, SEED).iterationsPerEpoch());
    }

    @Test
    void rejectsUnusableSettingsAndPairs() {
        PairSource pairs = pairs(3);
        IllegalArgumentException tooFew = assertThrows(IllegalArgumentException.class,
                () -> new PatchSampler(pairs, data(8, 16, 2, true, 0), SCALE, SEED));
        assertTrue(tooFew.getMessage().contains("6 samples per epoch, fewer than one batch of 16"),
                tooFew.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new PatchSampler(pairs, data(9, 1, 1, true, 0), SCALE, SEED), "patch not a multiple of scale");

        PatchSampler wrongScale = new PatchSampler(PairSource.of(List.of(coordinatePair(0, 12, 10, 3))),
                data(8, 1, 1, true, 0), SCALE, SEED);
        assertEquals("pair-0: pair has scale 3; expected 2",
                assertThrows(IllegalArgumentException.class, () -> wrongScale.batch(0, 0)).getMessage());
        PatchSampler tooSmall = new PatchSampler(PairSource.of(List.of(coordinatePair(0, 12, 3, SCALE))),
                data(8, 1, 1, true, 0), SCALE, SEED);
        assertEquals("pair-0: LR is 12x3; expected at least 4 on each side (the LR patch)",
                assertThrows(IllegalArgumentException.class, () -> tooSmall.batch(0, 0)).getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> tooSmall.batch(0, 1));
    }

    private static void assertSameBatch(Batch expected, Batch actual) {
        assertArrayEquals(expected.lr(), actual.lr());
        assertArrayEquals(expected.hr(), actual.hr());
    }
}
