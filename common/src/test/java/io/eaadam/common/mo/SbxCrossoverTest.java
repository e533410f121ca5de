package io.eaadam.common.mo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eaadam.common.genome.Genome;
import io.eaadam.common.genome.TensorLayout;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

class SbxCrossoverTest {

    private static final double ETA = 20;

    @Test
    void betaAtHandComputedPoints() {
        // u = 0.25: (2u)^(1/21) = 0.5^(1/21) = exp(-ln2/21) = exp(-0.0330070) = 0.9675318
        assertEquals(0.9675317785238916, SbxCrossover.beta(0.25, ETA), 1e-12);
        // u = 0.5: both branches give 1: (2 - 1)^(-1/21) = 1
        assertEquals(1.0, SbxCrossover.beta(0.5, ETA), 0.0);
        assertEquals(1.0, SbxCrossover.beta(Math.nextDown(0.5), ETA), 1e-15); // (1 - 2^-53)^(1/21)
        // u = 0.75: (2 - 1.5)^(-1/21) = 2^(1/21) = exp(0.0330070) = 1.0335578
        assertEquals(1.0335577830070277, SbxCrossover.beta(0.75, ETA), 1e-12);
        // limits: u = 0 -> 0; u -> 1 (largest double below 1): (2 * 2^-53)^(-1/21) = 2^(52/21) = 5.5642625
        assertEquals(0.0, SbxCrossover.beta(0.0, ETA), 0.0);
        assertEquals(5.564262476983319, SbxCrossover.beta(Math.nextDown(1.0), ETA), 1e-9);
        // a different eta: eta = 1, u = 0.25: 0.5^(1/2) = 0.7071068; u = 0.75: 2^(1/2) = 1.4142136
        assertEquals(Math.sqrt(0.5), SbxCrossover.beta(0.25, 1), 1e-15);
        assertEquals(Math.sqrt(2), SbxCrossover.beta(0.75, 1), 1e-15);
    }

    @Test
    void betaIsIncreasingAndReciprocalAroundOneHalf() {
        double previous = -1;
        for (int k = 0; k < 1000; k++) {
            double u = k / 1000.0;
            double beta = SbxCrossover.beta(u, ETA);
            assertTrue(beta > previous, "beta increasing at u = " + u);
            previous = beta;
            if (u > 0 && u < 0.5) {
                // beta(u) * beta(1-u) = (2u)^(1/21) * (2u)^(-1/21) = 1
                assertEquals(1.0, beta * SbxCrossover.beta(1 - u, ETA), 1e-12, "u = " + u);
            }
        }
    }

    @Test
    void eachTensorIsBlendedWithItsOwnDraw() {
        TensorLayout layout = TensorLayout.builder().add("body.weight", 2, 3).add("body.bias", 3).build();
        Genome p1 = new Genome(layout, new float[] {1, -2, 0.5f, 0, 3, -0.25f, 0.1f, 0.2f, -0.3f});
        Genome p2 = new Genome(layout, new float[] {-1, 2, 0.5f, 4, -3, 0.75f, 0.3f, -0.2f, -0.1f});
        long seed = 12345;
        // the operator draws one u per tensor, in layout order, from new SplittableRandom(seed)
        SplittableRandom random = new SplittableRandom(seed);
        double b0 = referenceBeta(random.nextDouble());
        double b1 = referenceBeta(random.nextDouble());
        assertNotEquals(b0, b1);

        Genome child = new SbxCrossover(ETA).apply(p1, p2, seed);
        float[] c = child.values();
        float[] x = p1.values();
        float[] y = p2.values();
        for (int i = 0; i < c.length; i++) {
            double b = i < 6 ? b0 : b1;
            double expected = ((1 + b) * x[i] + (1 - b) * y[i]) / 2; // child1 of method 3.4
            assertEquals(expected, c[i], 1e-6, "element " + i);
        }
        // the element where p1 = p2 = 0.5 stays 0.5 whatever beta is
        assertEquals(0.5f, c[2]);
        assertEquals(layout, child.layout());
        // same seed, same child, bit for bit; the parents are not touched
        assertEquals(child, new SbxCrossover(ETA).apply(p1, p2, seed));
        assertEquals(new Genome(layout, new float[] {1, -2, 0.5f, 0, 3, -0.25f, 0.1f, 0.2f, -0.3f}), p1);
        assertNotEquals(child, new SbxCrossover(ETA).apply(p1, p2, seed + 1));
    }

    @Test
    void theChildMatchesTheFormulaOnALargerGenome() {
        TensorLayout layout = TensorLayout.builder().add("a.weight", 64, 3, 3, 3).add("a.bias", 64)
                .add("b.weight", 3, 64, 3, 3).add("b.bias", 3).build();
        Genome p1 = MoFixtures.randomGenome(layout, 1);
        Genome p2 = MoFixtures.randomGenome(layout, 2);
        for (long seed = 0; seed < 20; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            Genome child = new SbxCrossover(ETA).apply(p1, p2, seed);
            for (int t = 0; t < layout.tensorCount(); t++) {
                double b = referenceBeta(random.nextDouble());
                for (int i = layout.offset(t); i < layout.offset(t) + layout.numel(t); i++) {
                    double expected = ((1 + b) * p1.values()[i] + (1 - b) * p2.values()[i]) / 2;
                    // values below 0.2 in magnitude; a float ulp there is 1.5e-8, beta moves them at most 3x
                    assertEquals(expected, child.values()[i], 1e-7, "seed " + seed + ", element " + i);
                }
            }
        }
    }

    @Test
    void identicalParentsGiveTheParent() {
        TensorLayout layout = TensorLayout.builder().add("a.weight", 16, 8, 3, 3).add("a.bias", 16).build();
        Genome parent = MoFixtures.randomGenome(layout, 7);
        for (long seed = 0; seed < 20; seed++) {
            // ((1+b) p + (1-b) p) / 2 = p for every beta: a clone of the parent (method 2.5: one child may be
            // copied into several slots) must not drift by rounding
            assertEquals(parent, new SbxCrossover(ETA).apply(parent, parent.copy(), seed), "seed " + seed);
        }
    }

    @Test
    void theMeanStepIsAboutTwoPointFourPercent() {
        // E|1-beta|/2 for eta = 20: u < 1/2: E[1 - v^(1/21)] = 1 - 21/22 = 1/22 (v = 2u ~ U(0,1));
        // u >= 1/2: E[v^(-1/21) - 1] = 1/(1 - 1/21) - 1 = 1/20. Mean = (1/22 + 1/20)/2 / 2 = 0.0238636
        // (method 3.4: ~0.024)
        SplittableRandom random = new SplittableRandom(99);
        int n = 200_000;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.abs(1 - SbxCrossover.beta(random.nextDouble(), ETA)) / 2;
        }
        // the per-draw std is ~0.025, so the standard error is ~6e-5; 1e-3 is a loose bound
        assertEquals((1.0 / 22 + 1.0 / 20) / 4, sum / n, 1e-3);
    }

    @Test
    void differentLayoutsAreRejected() {
        TensorLayout a = TensorLayout.builder().add("x.weight", 3).build();
        TensorLayout b = TensorLayout.builder().add("y.weight", 3).build();
        assertThrows(IllegalArgumentException.class,
                () -> new SbxCrossover(ETA).apply(Genome.zeros(a), Genome.zeros(b), 1));
    }

    /** method 3.4, written out independently: (2u)^(1/21) below 1/2, 1 / (2-2u)^(1/21) from 1/2 on. */
    private static double referenceBeta(double u) {
        return u < 0.5 ? Math.pow(2 * u, 1.0 / 21) : 1 / Math.pow(2 - 2 * u, 1.0 / 21);
    }
}
