package io.eaadam.common.mo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eaadam.common.genome.Genome;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

class PopulationUpdateTest {

    private final List<Genome> population = MoFixtures.population(MoFixtures.SMALL, 5, 9);
    private final Variation variation = new Variation(MoFixtures.authorsEa(false), Decomposition.neighbourhoods(5, 1));

    @Test
    void unchangedKeepsEveryGenome() {
        PopulationUpdate update = PopulationUpdate.unchanged(5);
        assertFalse(update.changesAnything());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, update.fromSlot());
        List<Genome> next = update.apply(population, variation);
        assertEquals(5, next.size());
        for (int k = 0; k < 5; k++) {
            assertSame(population.get(k), next.get(k), "slot " + k);
        }
        assertNotSame(population, next);
    }

    @Test
    void withChildPutsTheChildInItsSlotAndLeavesTheOriginalAlone() {
        VariationPlan plan = new VariationPlan(1, 2, 31, true, 32);
        PopulationUpdate original = PopulationUpdate.unchanged(5);
        PopulationUpdate update = original.withChild(3, plan);
        assertTrue(update.changesAnything());
        assertFalse(original.changesAnything()); // withChild makes a new update
        assertNull(original.plans()[3]);
        assertEquals(3, original.fromSlot()[3]);

        List<Genome> next = update.apply(population, variation);
        assertEquals(variation.child(plan, population), next.get(3));
        assertNotEquals(population.get(3), next.get(3));
        for (int k : new int[] {0, 1, 2, 4}) {
            assertSame(population.get(k), next.get(k), "slot " + k);
        }
    }

    @Test
    void slotsTakingTheSamePlanShareOneChildBuiltOnce() {
        AtomicInteger crossovers = new AtomicInteger();
        SbxCrossover sbx = new SbxCrossover(20);
        Variation counting = new Variation(MoFixtures.authorsEa(false), Decomposition.neighbourhoods(5, 1),
                (a, b, seed) -> {
                    crossovers.incrementAndGet();
                    return sbx.apply(a, b, seed);
                }, new SparseGaussianMutation(0.02, 0.03));
        VariationPlan plan = new VariationPlan(2, 3, 5, false, 0);
        VariationPlan other = new VariationPlan(0, 1, 6, false, 0);
        // one child replacing slots 1, 2 and 3 (method 2.5: no replacement cap), another in slot 4
        PopulationUpdate update = PopulationUpdate.unchanged(5).withChild(1, plan).withChild(2, plan)
                .withChild(3, plan).withChild(4, other);
        List<Genome> next = update.apply(population, counting);
        assertEquals(2, crossovers.get(), "each distinct plan is built once");
        assertSame(next.get(1), next.get(2));
        assertSame(next.get(2), next.get(3));
        assertNotSame(next.get(3), next.get(4));
        assertEquals(sbx.apply(population.get(2), population.get(3), 5), next.get(1));
        assertEquals(sbx.apply(population.get(0), population.get(1), 6), next.get(4));
        assertSame(population.get(0), next.get(0));
    }

    @Test
    void childrenAreBuiltFromThePopulationBeforeTheUpdate() {
        // slot 0 takes a child of parent slot 1 with partner 0, slot 1 a child of parent 0 with partner 1.
        // Built in order on the updated population, slot 1's child would use the new slot 0 (itself a child).
        VariationPlan a = new VariationPlan(1, 0, 41, true, 42);
        VariationPlan b = new VariationPlan(0, 1, 43, true, 44);
        List<Genome> before = MoFixtures.deepCopy(population);
        List<Genome> next = PopulationUpdate.unchanged(5).withChild(0, a).withChild(1, b).apply(population, variation);
        assertEquals(variation.child(a, before), next.get(0));
        assertEquals(variation.child(b, before), next.get(1));
        // the sequential (wrong) reading gives something else for slot 1
        List<Genome> sequential = new java.util.ArrayList<>(before);
        sequential.set(0, variation.child(a, before));
        assertNotEquals(variation.child(b, sequential), next.get(1));
        // and the population itself is not changed
        assertEquals(before, population);
    }

    @Test
    void movedSlotsAndChildrenReferToTheOldIndices() {
        // an NSGA-II-like recipe: new 0 = old 2, new 1 = old 0, new 2 = child of old slot 0 (now in slot 1),
        // new 3 = child of old slot 2 with old slot 4, new 4 = old 4
        VariationPlan ofZero = new VariationPlan(0, -1, 0, true, 51);
        VariationPlan ofTwo = new VariationPlan(2, 4, 52, false, 0);
        PopulationUpdate update = new PopulationUpdate(new int[] {2, 0, -1, -1, 4},
                new VariationPlan[] {null, null, ofZero, ofTwo, null});
        assertTrue(update.changesAnything());
        List<Genome> next = update.apply(population, variation);
        assertSame(population.get(2), next.get(0));
        assertSame(population.get(0), next.get(1));
        assertEquals(variation.child(ofZero, population), next.get(2));
        assertEquals(new SbxCrossover(20).apply(population.get(2), population.get(4), 52), next.get(3));
        assertSame(population.get(4), next.get(4));
    }

    @Test
    void aPermutationAloneChangesSomething() {
        assertTrue(new PopulationUpdate(new int[] {1, 0, 2}, new VariationPlan[3]).changesAnything());
        assertFalse(new PopulationUpdate(new int[] {0, 1, 2}, new VariationPlan[3]).changesAnything());
    }
}
