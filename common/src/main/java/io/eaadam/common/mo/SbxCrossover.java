package io.eaadam.common.mo;

import io.eaadam.common.genome.Genome;
import io.eaadam.common.genome.TensorLayout;

import java.util.SplittableRandom;

/**
 * The authors' tensor-wise SBX (method 3.4): one u ~ U(0,1) per tensor, in layout order, gives
 * beta = (2u)^(1/(eta+1)) for u < 0.5 and (2 - 2u)^(-1/(eta+1)) otherwise, and the first child
 * {@code ((1+beta) p1 + (1-beta) p2) / 2} of every tensor; the second child is not used.
 */
public final class SbxCrossover implements CrossoverOperator {

    private final double eta;

    public SbxCrossover(double eta) {
        this.eta = eta;
    }

    public static double beta(double u, double eta) {
        double exponent = 1.0 / (eta + 1);
        return u < 0.5 ? StrictMath.pow(2 * u, exponent) : StrictMath.pow(2 - 2 * u, -exponent);
    }

    @Override
    public Genome apply(Genome first, Genome second, long seed) {
        TensorLayout layout = first.layout();
        if (!layout.equals(second.layout())) {
            throw new IllegalArgumentException("crossover of genomes with different layouts");
        }
        SplittableRandom random = new SplittableRandom(seed);
        float[] p1 = first.values();
        float[] p2 = second.values();
        float[] child = new float[p1.length];
        for (int t = 0; t < layout.tensorCount(); t++) {
            // ((1+beta) p1 + (1-beta) p2) / 2 = p1 + (1-beta)/2 (p2 - p1), in double and rounded once: the
            // float form a*p1 + b*p2 moved about a quarter of the elements by an ulp even when p1 == p2
            double step = (1 - beta(random.nextDouble(), eta)) / 2;
            int from = layout.offset(t);
            int to = from + layout.numel(t);
            for (int i = from; i < to; i++) {
                child[i] = (float) (p1[i] + step * ((double) p2[i] - p1[i]));
            }
        }
        return new Genome(layout, child);
    }
}
