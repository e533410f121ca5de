package io.eaadam.common.data;

import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.image.Image;
import io.eaadam.common.random.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Random training patches, as BasicSR's paired dataset draws them, but reproducible: any batch of
 * any epoch can be computed on its own, on any executor, from the run seed.
 *
 * <ul>
 *   <li>An epoch has {@code pairs * repeat} samples (sample {@code s} uses pair {@code s mod pairs})
 *       in the order of a permutation drawn from {@link Seeds} purpose {@code "order"} at (epoch).
 *   <li>Sample {@code k} of the epoch (batch {@code k / B}, row {@code k mod B}) draws from its own
 *       stream, purpose {@code "patch"} at (epoch, k): a uniform LR crop position, the aligned HR crop
 *       at {@code scale} times the coordinates, then, when augmenting, a horizontal flip, a vertical
 *       flip and a transpose with probability 1/2 each, applied alike to LR and HR (see
 *       {@link Dihedral}).
 *   <li>An epoch has {@code floor(pairs * repeat / B)} batches, or the configured fixed count; samples
 *       past the end of the permutation wrap around to its start.
 * </ul>
 *
 * Thread-safe: there is no shared random state, only a cache of the last epoch's permutation.
 */
public final class PatchSampler {

    private final PairSource pairs;
    private final int scale;
    private final int lrPatch;
    private final int batchSize;
    private final int samplesPerEpoch;
    private final int iterationsPerEpoch;
    private final boolean augment;
    private final long runSeed;

    /** The last epoch's permutation; recomputing it gives the same, so a race only wastes work. */
    private volatile EpochOrder lastOrder;

    private record EpochOrder(long epoch, int[] samples) {
    }

    /**
     * @param data patch size (HR side), batch size, repeat, augmentation and iterations per epoch
     * @param scale the SR factor; every pair must have it
     */
    public PatchSampler(PairSource pairs, EaAdamConfig.Data data, int scale, long runSeed) {
        this.pairs = Objects.requireNonNull(pairs, "pairs");
        if (scale < 1 || data.patchSize() % scale != 0) {
            throw new IllegalArgumentException("patch size " + data.patchSize() + " must be a multiple of scale "
                    + scale);
        }
        if (pairs.size() == 0) {
            throw new IllegalArgumentException("no pairs to sample from");
        }
        long samples = (long) pairs.size() * data.repeat();
        if (samples > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(pairs.size() + " pairs x repeat " + data.repeat()
                    + " is more samples per epoch than an array can order");
        }
        this.scale = scale;
        this.lrPatch = data.lrPatchSize(scale);
        this.batchSize = data.batchSize();
        this.samplesPerEpoch = (int) samples;
        this.iterationsPerEpoch = data.iterationsPerEpoch() > 0 ? data.iterationsPerEpoch()
                : samplesPerEpoch / batchSize;
        if (iterationsPerEpoch == 0) {
            throw new IllegalArgumentException(pairs.size() + " pairs x repeat " + data.repeat() + " = "
                    + samplesPerEpoch + " samples per epoch, fewer than one batch of " + batchSize
                    + "; lower data.batch-size, raise data.repeat or fix data.iterations-per-epoch");
        }
        this.augment = data.augment();
        this.runSeed = runSeed;
    }

    public int iterationsPerEpoch() {
        return iterationsPerEpoch;
    }

    /**
     * Batch {@code iteration} of {@code epoch}: samples {@code iteration * B} to
     * {@code iteration * B + B - 1} of the epoch.
     *
     * @throws IllegalArgumentException when a pair has another scale or its LR is smaller than a patch
     */
    public Batch batch(long epoch, int iteration) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        Objects.checkIndex(iteration, iterationsPerEpoch);
        int[] order = order(epoch);
        List<Image> lr = new ArrayList<>(batchSize);
        List<Image> hr = new ArrayList<>(batchSize);
        for (int row = 0; row < batchSize; row++) {
            long k = (long) iteration * batchSize + row;
            ImagePair pair = pairs.get(order[(int) (k % samplesPerEpoch)] % pairs.size());
            SplittableRandom random = Seeds.random(runSeed, "patch", epoch, k);
            requireFits(pair);
            int y = random.nextInt(pair.lr().height() - lrPatch + 1);
            int x = random.nextInt(pair.lr().width() - lrPatch + 1);
            Dihedral transform = augment
                    ? new Dihedral(random.nextBoolean(), random.nextBoolean(), random.nextBoolean())
                    : Dihedral.IDENTITY;
            int hrPatch = lrPatch * scale;
            lr.add(transform.apply(pair.lr().crop(x, y, lrPatch, lrPatch)));
            hr.add(transform.apply(pair.hr().crop(x * scale, y * scale, hrPatch, hrPatch)));
        }
        return Batch.stack(lr, hr);
    }

    private void requireFits(ImagePair pair) {
        if (pair.scale() != scale) {
            throw new IllegalArgumentException(pair.name() + ": pair has scale " + pair.scale() + "; expected "
                    + scale);
        }
        if (pair.lr().height() < lrPatch || pair.lr().width() < lrPatch) {
            throw new IllegalArgumentException(pair.name() + ": LR is " + pair.lr().width() + "x"
                    + pair.lr().height() + "; expected at least " + lrPatch + " on each side (the LR patch)");
        }
    }

    /** The epoch's sample order: a Fisher-Yates shuffle of 0 .. samplesPerEpoch - 1. */
    private int[] order(long epoch) {
        EpochOrder last = lastOrder;
        if (last != null && last.epoch() == epoch) {
            return last.samples();
        }
        int[] samples = new int[samplesPerEpoch];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = i;
        }
        SplittableRandom random = Seeds.random(runSeed, "order", epoch);
        for (int i = samples.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = samples[i];
            samples[i] = samples[j];
            samples[j] = swap;
        }
        lastOrder = new EpochOrder(epoch, samples);
        return samples;
    }
}
