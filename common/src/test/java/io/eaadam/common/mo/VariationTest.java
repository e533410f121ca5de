package io.eaadam.common.mo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.genome.Genome;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

class VariationTest {

    private static final String[] BIASES = {"conv1.bias", "conv2.bias"};
    private static final String[] WEIGHTS = {"conv1.weight", "conv2.weight"};

    @Test
    void drawFrequenciesAreTheAuthors() {
        // P = 9, T = 1: slot 4's neighbourhood is {3, 4, 5}, slot 0's is {0, 1, 2}
        int size = 9;
        int[][] b = Decomposition.neighbourhoods(size, 1);
        Variation variation = new Variation(MoFixtures.authorsEa(false), b);
        SplittableRandom random = new SplittableRandom(2024);
        for (int slot : new int[] {4, 0}) {
            int n = 40_000;
            int crossovers = 0;
            int mutations = 0;
            int mutationsWithoutCrossover = 0;
            int[] partners = new int[size];
            for (int k = 0; k < n; k++) {
                VariationPlan plan = variation.draw(slot, random);
                assertEquals(slot, plan.slot());
                if (plan.crossover()) {
                    crossovers++;
                    partners[plan.partner()]++;
                } else {
                    assertEquals(-1, plan.partner());
                    if (plan.mutate()) {
                        mutationsWithoutCrossover++;
                    }
                }
                if (plan.mutate()) {
                    mutations++;
                }
            }
            // pCrossover 0.9: sigma = sqrt(0.09 / 40000) = 0.0015; bound 0.01 (> 6 sigma)
            assertEquals(0.9, crossovers / (double) n, 0.01, "crossover frequency");
            // pMutation 0.2, independent of crossover: sigma 0.002 overall, 0.0063 on the ~4000 copies
            assertEquals(0.2, mutations / (double) n, 0.012, "mutation frequency");
            assertEquals(0.2, mutationsWithoutCrossover / (double) (n - crossovers), 0.035,
                    "mutation frequency without crossover");
            // partner j given crossover: 0.3 / 8 (global, uniform over the 8 others)
            //                            + 0.7 / 2 if j is one of the 2 neighbours
            // neighbours: 0.0375 + 0.35 = 0.3875, the others 0.0375, itself 0.
            // sigma of 0.0375 on ~36000 crossovers: 0.001; of 0.3875: 0.0026; bounds 0.008 and 0.015
            assertEquals(0, partners[slot], "a slot is never its own partner");
            for (int j = 0; j < size; j++) {
                if (j == slot) {
                    continue;
                }
                boolean neighbour = contains(b[slot], j);
                double expected = 0.3 / 8 + (neighbour ? 0.7 / 2 : 0);
                assertEquals(expected, partners[j] / (double) crossovers, neighbour ? 0.015 : 0.008,
                        "slot " + slot + ", partner " + j);
            }
            // the implied global probability: partners outside the neighbourhood are 6/8 of the global draws
            int outside = 0;
            for (int j = 0; j < size; j++) {
                if (!contains(b[slot], j)) {
                    outside += partners[j];
                }
            }
            assertEquals(0.3, outside / (double) crossovers * 8 / 6, 0.02, "global partner frequency");
        }
    }

    @Test
    void partnersAreNeverTheSlotAndNeighbourhoodPartnersAreNeighbours() {
        int size = 7;
        int[][] b = Decomposition.neighbourhoods(size, 2);
        // pGlobal = 0: every partner comes from the neighbourhood; all 2T = 4 neighbours occur, about equally
        Variation local = new Variation(MoFixtures.ea(1.0, 0.0, 0.2, 0.02, false), b);
        // pGlobal = 1: partners uniform over the other 6 slots
        Variation global = new Variation(MoFixtures.ea(1.0, 1.0, 0.2, 0.02, false), b);
        SplittableRandom random = new SplittableRandom(7);
        int n = 6000;
        for (int slot = 0; slot < size; slot++) {
            int[] localCounts = new int[size];
            int[] globalCounts = new int[size];
            for (int k = 0; k < n; k++) {
                VariationPlan plan = local.draw(slot, random);
                assertTrue(plan.crossover());
                int partner = plan.partner();
                assertNotEquals(slot, partner);
                assertTrue(contains(b[slot], partner),
                        "partner " + partner + " of slot " + slot + " outside " + Arrays.toString(b[slot]));
                localCounts[partner]++;
                VariationPlan g = global.draw(slot, random);
                assertNotEquals(slot, g.partner());
                assertTrue(g.partner() >= 0 && g.partner() < size);
                globalCounts[g.partner()]++;
            }
            for (int j : b[slot]) {
                if (j != slot) {
                    // 1/4 each; sigma = sqrt(0.25 * 0.75 / 6000) = 0.0056
                    assertEquals(0.25, localCounts[j] / (double) n, 0.03, "slot " + slot + ", neighbour " + j);
                }
            }
            for (int j = 0; j < size; j++) {
                if (j != slot) {
                    // 1/6 each; sigma = 0.0048
                    assertEquals(1.0 / 6, globalCounts[j] / (double) n, 0.025, "slot " + slot + ", other " + j);
                }
            }
        }
    }

    @Test
    void drawingIsDeterministicInTheRandomStream() {
        Variation variation = new Variation(MoFixtures.authorsEa(false), Decomposition.neighbourhoods(5, 1));
        SplittableRandom a = new SplittableRandom(3);
        SplittableRandom b = new SplittableRandom(3);
        for (int k = 0; k < 100; k++) {
            assertEquals(variation.draw(k % 5, a), variation.draw(k % 5, b));
        }
    }

    @Test
    void replayingAPlanGivesTheSameGenomeBitForBit() {
        List<Genome> population = MoFixtures.population(MoFixtures.SMALL, 5, 1);
        List<Genome> replica = MoFixtures.deepCopy(population);
        Variation variation = new Variation(MoFixtures.authorsEa(false), Decomposition.neighbourhoods(5, 1));
        SplittableRandom random = new SplittableRandom(11);
        int crossedAndMutated = 0;
        for (int k = 0; k < 200; k++) {
            VariationPlan plan = variation.draw(k % 5, random);
            Genome first = variation.child(plan, population);
            Genome second = variation.child(plan, population);
            Genome elsewhere = new Variation(MoFixtures.authorsEa(false), Decomposition.neighbourhoods(5, 1))
                    .child(plan, replica);
            assertEquals(first, second);
            assertNotSame(first.values(), second.values());
            assertEquals(first, elsewhere);
            if (plan.crossover() && plan.mutate()) {
                crossedAndMutated++;
            }
        }
        assertTrue(crossedAndMutated > 10); // 0.9 * 0.2 * 200 = 36 expected
        // replay never writes into the population
        assertEquals(replica, population);
    }

    @Test
    void bugB6FaithfulTheBiasesOfACrossedAndMutatedChildAreTheParents() {
        List<Genome> population = MoFixtures.population(MoFixtures.SMALL, 5, 2);
        EaAdamConfig.Ea ea = MoFixtures.ea(0.9, 0.3, 0.2, 0.5, false); // rate 0.5: the weights surely mutate
        Variation variation = new Variation(ea, Decomposition.neighbourhoods(5, 1));
        VariationPlan plan = new VariationPlan(1, 2, 77, true, 99);
        Genome child = variation.child(plan, population);

        Genome crossed = new SbxCrossover(20).apply(population.get(1), population.get(2), 77);
        Genome expectedWeights = new SparseGaussianMutation(0.5, 0.03).apply(crossed, 99);
        for (String bias : BIASES) {
            assertArrayEquals(population.get(1).tensor(bias), child.tensor(bias), bias + " is the parent's");
            // and that differs from the blend, so the check means something
            assertFalse(Arrays.equals(crossed.tensor(bias), child.tensor(bias)), bias);
        }
        for (String weight : WEIGHTS) {
            assertArrayEquals(expectedWeights.tensor(weight), child.tensor(weight), weight + " is the mutated blend");
            assertFalse(Arrays.equals(crossed.tensor(weight), child.tensor(weight)), weight + " was mutated");
        }
        assertEquals(MoFixtures.population(MoFixtures.SMALL, 5, 2), population); // parents untouched
    }

    @Test
    void bugB6FixedTheBiasesOfACrossedAndMutatedChildAreTheBlend() {
        List<Genome> population = MoFixtures.population(MoFixtures.SMALL, 5, 2);
        EaAdamConfig.Ea ea = MoFixtures.ea(0.9, 0.3, 0.2, 0.5, true);
        Variation variation = new Variation(ea, Decomposition.neighbourhoods(5, 1));
        VariationPlan plan = new VariationPlan(1, 2, 77, true, 99);
        Genome child = variation.child(plan, population);

        Genome crossed = new SbxCrossover(20).apply(population.get(1), population.get(2), 77);
        assertEquals(new SparseGaussianMutation(0.5, 0.03).apply(crossed, 99), child);
        for (String bias : BIASES) {
            assertArrayEquals(crossed.tensor(bias), child.tensor(bias), bias + " is the blend");
            assertFalse(Arrays.equals(population.get(1).tensor(bias), child.tensor(bias)), bias);
        }
    }

    @Test
    void withoutCrossoverOrWithoutMutationTheFlagChangesNothing() {
        List<Genome> population = MoFixtures.population(MoFixtures.SMALL, 5, 3);
        for (boolean fixed : new boolean[] {false, true}) {
            Variation variation = new Variation(MoFixtures.ea(0.9, 0.3, 0.2, 0.5, fixed),
                    Decomposition.neighbourhoods(5, 1));
            // crossover only: the SBX child
            assertEquals(new SbxCrossover(20).apply(population.get(3), population.get(4), 5),
                    variation.child(new VariationPlan(3, 4, 5, false, 0), population));
            // mutation only: the mutated parent, biases the parent's
            Genome mutated = variation.child(new VariationPlan(3, -1, 0, true, 6), population);
            assertEquals(new SparseGaussianMutation(0.5, 0.03).apply(population.get(3), 6), mutated);
            for (String bias : BIASES) {
                assertArrayEquals(population.get(3).tensor(bias), mutated.tensor(bias));
            }
        }
    }

    @Test
    void aPlanWithoutCrossoverAndMutationCopiesTheParent() {
        List<Genome> population = MoFixtures.population(MoFixtures.SMALL, 5, 4);
        Variation variation = new Variation(MoFixtures.authorsEa(false), Decomposition.neighbourhoods(5, 1));
        Genome copy = variation.child(new VariationPlan(2, -1, 0, false, 0), population);
        assertEquals(population.get(2), copy);
        assertNotSame(population.get(2).values(), copy.values()); // the child may be changed by its owner
        copy.values()[0] += 1;
        assertEquals(MoFixtures.population(MoFixtures.SMALL, 5, 4).get(2), population.get(2));
    }

    private static boolean contains(int[] values, int value) {
        return Arrays.stream(values).anyMatch(x -> x == value);
    }
}
