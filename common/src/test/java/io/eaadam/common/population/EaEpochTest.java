package io.eaadam.common.population;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eaadam.common.config.ConfigLoader;
import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.genome.Genome;
import io.eaadam.common.genome.TensorLayout;
import io.eaadam.common.mo.Decomposition;
import io.eaadam.common.mo.Objectives;
import io.eaadam.common.mo.PopulationUpdate;
import io.eaadam.common.mo.Variation;
import io.eaadam.common.mo.VariationPlan;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An EA epoch driven the way the Spark driver drives it, with a stand-in for the executors: each child is
 * rebuilt from the epoch's starting generators and the updates so far, as an executor's replica does, and
 * scored by two functions of its weights.
 */
class EaEpochTest {

    private static final TensorLayout LAYOUT = TensorLayout.builder().add("conv.weight", 6, 4).add("conv.bias", 6).build();

    private static EaAdamConfig config(String... overrides) {
        List<String> all = new ArrayList<>(List.of("population.size=5", "ea.iterations=3",
                "ea.mutation-probability=0.5", "population.replace-slot0=true"));
        all.addAll(List.of(overrides));
        return ConfigLoader.load(null, all);
    }

    private static Population start(int size) {
        List<Slot> slots = new ArrayList<>();
        List<Genome> generators = new ArrayList<>();
        for (int k = 0; k < size; k++) {
            SplittableRandom random = new SplittableRandom(100 + k);
            float[] values = new float[LAYOUT.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (random.nextDouble() - 0.5);
            }
            generators.add(new Genome(LAYOUT, values));
        }
        List<Objectives> objectives = generators.stream().map(EaEpochTest::score).toList();
        for (int k = 0; k < size; k++) {
            slots.add(new Slot(k, Decomposition.uniformPreferences(size).get(k), generators.get(k), null,
                    objectives.get(k)));
        }
        return new Population(slots);
    }

    /** f1: mean |w|, f2: mean (w - 0.3)^2, two conflicting objectives of the weights. */
    private static Objectives score(Genome genome) {
        double f1 = 0;
        double f2 = 0;
        for (float v : genome.values()) {
            f1 += Math.abs(v);
            f2 += (v - 0.3) * (v - 0.3);
        }
        return new Objectives(f1 / genome.values().length, f2 / genome.values().length);
    }

    /** What an executor does: replay the updates on its copy of the epoch's start, build the child, score it. */
    private static List<Objectives> evaluate(List<Genome> start, List<PopulationUpdate> updates,
            List<VariationPlan> plans, Variation variation) {
        List<Genome> replica = start;
        for (PopulationUpdate update : updates) {
            replica = update.apply(replica, variation);
        }
        List<Objectives> scores = new ArrayList<>();
        for (VariationPlan plan : plans) {
            scores.add(score(variation.child(plan, replica)));
        }
        return scores;
    }

    private static EaEpoch run(EaAdamConfig config, Population start, List<Integer> batchSizes) {
        EaEpoch epoch = new EaEpoch(config, start, 4, 9);
        while (!epoch.done()) {
            List<VariationPlan> children = epoch.nextChildren();
            batchSizes.add(children.size());
            epoch.select(evaluate(start.generators(), epoch.updates(), children, epoch.variation()));
            // The executors' replicas and the driver agree after every selection.
            List<Genome> replayed = start.generators();
            for (PopulationUpdate update : epoch.updates()) {
                replayed = update.apply(replayed, epoch.variation());
            }
            assertEquals(epoch.population().generators(), replayed);
        }
        return epoch;
    }

    @Test
    void steadyStateJudgesEachChildBeforeTheNextIsMade() {
        List<Integer> batches = new ArrayList<>();
        EaEpoch epoch = run(config(), start(5), batches);
        assertEquals(15, batches.size());
        assertTrue(batches.stream().allMatch(b -> b == 1));
        assertEquals(15, epoch.children());
        assertEquals(3, epoch.iteration());
        assertTrue(epoch.replacements() > 0, "the two objectives leave room for improvement");
        assertEquals(epoch.population().generators().stream().map(EaEpochTest::score).toList(),
                epoch.population().objectives(), "every slot's objectives are those of its generator");
        assertThrows(IllegalStateException.class, epoch::nextChildren);
    }

    @Test
    void batchModeLetsAnIterationsChildrenCompeteTogether() {
        List<Integer> batches = new ArrayList<>();
        EaEpoch epoch = run(config("ea.mode=batch"), start(5), batches);
        assertEquals(List.of(5, 5, 5), batches);
        assertEquals(15, epoch.children());
        assertEquals(epoch.population().generators().stream().map(EaEpochTest::score).toList(),
                epoch.population().objectives());
    }

    @Test
    void nsga2KeepsTheSlotsOrderedByDistortion() {
        EaEpoch epoch = run(config("ea.selection=nsga2", "ea.mode=batch"), start(5), new ArrayList<>());
        List<Objectives> objectives = epoch.population().objectives();
        for (int k = 1; k < objectives.size(); k++) {
            assertTrue(objectives.get(k - 1).distortion() <= objectives.get(k).distortion(), objectives.toString());
        }
    }

    @Test
    void theSameSeedMakesTheSameDecisions() {
        EaEpoch first = run(config(), start(5), new ArrayList<>());
        EaEpoch second = run(config(), start(5), new ArrayList<>());
        assertEquals(first.updates().size(), second.updates().size());
        for (int i = 0; i < first.updates().size(); i++) {
            assertArrayEquals(first.updates().get(i).fromSlot(), second.updates().get(i).fromSlot());
            assertArrayEquals(first.updates().get(i).plans(), second.updates().get(i).plans());
        }
        EaEpoch otherSeed = run(config("run.seed=1"), start(5), new ArrayList<>());
        assertTrue(!first.population().generators().equals(otherSeed.population().generators()));
    }

    @Test
    void objectivesMustMatchTheChildren() {
        EaEpoch epoch = new EaEpoch(config(), start(5), 1, 0);
        epoch.nextChildren();
        assertThrows(IllegalArgumentException.class, () -> epoch.select(List.of()));
    }
}
