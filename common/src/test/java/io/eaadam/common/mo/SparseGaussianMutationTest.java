package io.eaadam.common.mo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eaadam.common.genome.Genome;
import io.eaadam.common.genome.TensorLayout;

import org.junit.jupiter.api.Test;

class SparseGaussianMutationTest {

    /** ~100k weight elements plus tensors mutation must leave alone. */
    private static final TensorLayout LAYOUT = TensorLayout.builder()
            .add("conv_first.weight", 64, 3, 3, 3)     // 1728
            .add("conv_first.bias", 64)
            .add("body.0.conv1.weight", 64, 64, 5, 5)  // 102400
            .add("body.0.conv1.bias", 64)
            .add("upconv.weights", 10)                  // ends in "weights", not "weight"
            .add("weight.scale", 10)                    // contains "weight" but does not end in it
            .add("conv_last.weight", 3, 64, 3, 3)       // 1728
            .add("conv_last.bias", 3)
            .build();

    @Test
    void onlyTensorsNamedWeightAreMutated() {
        assertTrue(SparseGaussianMutation.mutates("body.0.conv1.weight"));
        assertTrue(SparseGaussianMutation.mutates("weight"));
        assertFalse(SparseGaussianMutation.mutates("body.0.conv1.bias"));
        assertFalse(SparseGaussianMutation.mutates("upconv.weights"));
        assertFalse(SparseGaussianMutation.mutates("weight.scale"));

        // rate 1: every element of every weight tensor moves (zeros + N(0, 0.03^2) != 0 almost surely),
        // nothing else does
        Genome parent = Genome.zeros(LAYOUT);
        Genome child = new SparseGaussianMutation(1.0, 0.03).apply(parent, 5);
        for (int t = 0; t < LAYOUT.tensorCount(); t++) {
            String name = LAYOUT.spec(t).name();
            float[] values = child.tensor(name);
            for (int i = 0; i < values.length; i++) {
                if (name.endsWith("weight")) {
                    assertNotEquals(0f, values[i], name + "[" + i + "]");
                } else {
                    assertEquals(0f, values[i], name + "[" + i + "]");
                }
            }
        }
    }

    @Test
    void aboutRateOfTheWeightsGetNoiseOfStdZeroPointZeroThree() {
        Genome parent = MoFixtures.randomGenome(LAYOUT, 3);
        Genome child = new SparseGaussianMutation(0.02, 0.03).apply(parent, 17);
        int weights = 0;
        int changed = 0;
        double sum = 0;
        double sumSquares = 0;
        for (int t = 0; t < LAYOUT.tensorCount(); t++) {
            boolean weight = LAYOUT.spec(t).name().endsWith("weight");
            for (int i = LAYOUT.offset(t); i < LAYOUT.offset(t) + LAYOUT.numel(t); i++) {
                double delta = (double) child.values()[i] - parent.values()[i];
                if (!weight) {
                    assertEquals(0.0, delta, "non-weight element " + i);
                    continue;
                }
                weights++;
                if (delta != 0) {
                    changed++;
                    sum += delta;
                    sumSquares += delta * delta;
                }
            }
        }
        assertEquals(105_856, weights); // 1728 + 102400 + 1728
        // Binomial(105856, 0.02): mean 2117.1, sigma = sqrt(105856 * 0.02 * 0.98) = 45.5; allow 5 sigma
        assertEquals(2117.1, changed, 5 * 45.5);
        // ~2100 N(0, 0.03^2) draws (rounded to float around values < 0.2): sample mean within 5 * 0.03/sqrt(2100)
        // = 0.0033 of 0; sample std within ~8 % (5 * 1/sqrt(2 * 2100) = 7.7 %) of 0.03
        double mean = sum / changed;
        double std = Math.sqrt(sumSquares / changed - mean * mean);
        assertEquals(0.0, mean, 0.0033);
        assertEquals(0.03, std, 0.03 * 0.08);
    }

    @Test
    void everyPositionIsChosenWithProbabilityRate() {
        // a small layout over many seeds: position frequencies find off-by-ones in the geometric skips
        // (first or last element of a tensor never chosen, a run that spills into the next tensor, a
        // wrong skip distribution)
        TensorLayout layout = TensorLayout.builder().add("a.weight", 5).add("a.bias", 3).add("b.weight", 4)
                .build();
        double rate = 0.3;
        int seeds = 4000;
        int[] hits = new int[layout.size()];
        Genome parent = Genome.zeros(layout);
        SparseGaussianMutation mutation = new SparseGaussianMutation(rate, 1.0);
        for (int s = 0; s < seeds; s++) {
            float[] values = mutation.apply(parent, s).values();
            for (int i = 0; i < values.length; i++) {
                if (values[i] != 0) {
                    hits[i]++;
                }
            }
        }
        // sigma of a frequency: sqrt(0.3 * 0.7 / 4000) = 0.0072; 5 sigma = 0.036
        for (int i = 0; i < hits.length; i++) {
            boolean bias = i >= 5 && i < 8;
            assertEquals(bias ? 0.0 : rate, hits[i] / (double) seeds, bias ? 0.0 : 0.036, "position " + i);
        }
    }

    @Test
    void rateZeroChangesNothing() {
        Genome parent = MoFixtures.randomGenome(LAYOUT, 4);
        Genome child = new SparseGaussianMutation(0.0, 0.03).apply(parent, 1);
        assertEquals(parent, child);
        assertNotSame(parent.values(), child.values()); // still a copy
    }

    @Test
    void theSeedDecidesTheResultAndTheInputIsUntouched() {
        Genome parent = MoFixtures.randomGenome(LAYOUT, 6);
        Genome before = parent.copy();
        SparseGaussianMutation mutation = new SparseGaussianMutation(0.02, 0.03);
        Genome a = mutation.apply(parent, 42);
        Genome b = mutation.apply(parent, 42);
        Genome c = mutation.apply(parent, 43);
        assertEquals(a, b);
        assertNotSame(a.values(), b.values());
        assertNotEquals(a, c);
        assertNotEquals(parent, a);
        assertEquals(before, parent);
        // a second operator with the same settings gives the same child: no hidden state
        assertEquals(a, new SparseGaussianMutation(0.02, 0.03).apply(before, 42));
    }

    @Test
    void theNoiseStdIsAbsoluteAndScalesLinearly() {
        // Rate 1 on zeros: the 105,856 weight values are the noise; the sample std is within
        // 5 / sqrt(2 * 105856) = 1.1 % of the true one.
        for (double std : new double[] {0.1, 0.5}) {
            Genome child = new SparseGaussianMutation(1.0, std).apply(Genome.zeros(LAYOUT), 8);
            double sumSquares = 0;
            int n = 0;
            for (String name : new String[] {"conv_first.weight", "body.0.conv1.weight", "conv_last.weight"}) {
                for (float v : child.tensor(name)) {
                    sumSquares += (double) v * v;
                    n++;
                }
            }
            assertEquals(std, Math.sqrt(sumSquares / n), std * 0.011, "std " + std);
        }
    }
}
