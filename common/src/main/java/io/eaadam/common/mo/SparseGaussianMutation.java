package io.eaadam.common.mo;

import io.eaadam.common.genome.Genome;
import io.eaadam.common.genome.TensorLayout;
import io.eaadam.common.random.Seeds;

import java.util.SplittableRandom;

/**
 * The authors' "simple" mutation (method 3.5): every element of every weight tensor (name ending in
 * "weight") is chosen with probability {@code rate} and gets additive N(0, std^2) noise; biases are left
 * alone. The chosen elements are found by geometric skips, so the cost follows the number mutated, not
 * the genome size.
 */
public final class SparseGaussianMutation implements MutationOperator {

    private final double rate;
    private final double std;

    public SparseGaussianMutation(double rate, double std) {
        this.rate = rate;
        this.std = std;
    }

    /**
     * Whether mutation touches this tensor: the conv and linear weights, and SwinIR's LayerNorm scales (also
     * named weight); not biases, LayerNorm shifts or SwinIR's position bias tables.
     */
    public static boolean mutates(String tensorName) {
        return tensorName.endsWith("weight");
    }

    @Override
    public Genome apply(Genome genome, long seed) {
        Genome child = genome.copy();
        if (rate <= 0) {
            return child;
        }
        TensorLayout layout = genome.layout();
        float[] values = child.values();
        SplittableRandom random = new SplittableRandom(seed);
        double logSkip = StrictMath.log1p(-rate);
        for (int t = 0; t < layout.tensorCount(); t++) {
            if (!mutates(layout.spec(t).name())) {
                continue;
            }
            int end = layout.offset(t) + layout.numel(t);
            long i = layout.offset(t) + skip(random, logSkip);
            while (i < end) {
                values[(int) i] += (float) (Seeds.gaussian(random) * std);
                i += 1 + skip(random, logSkip);
            }
        }
        return child;
    }

    /** The number of elements passed over before the next chosen one: Geometric(rate) on {0, 1, ...}. */
    private long skip(SplittableRandom random, double logSkip) {
        if (rate >= 1) {
            return 0;
        }
        double u = 1.0 - random.nextDouble(); // (0, 1]
        return (long) StrictMath.floor(StrictMath.log(u) / logSkip);
    }
}
