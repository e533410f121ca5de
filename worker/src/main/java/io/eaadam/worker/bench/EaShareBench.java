package io.eaadam.worker.bench;

import ai.djl.Device;

import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.data.Batch;
import io.eaadam.common.genome.Genome;
import io.eaadam.common.image.Image;
import io.eaadam.common.image.MatlabResize;
import io.eaadam.common.image.SyntheticImages;
import io.eaadam.common.mo.Decomposition;
import io.eaadam.common.mo.Objectives;
import io.eaadam.common.mo.PopulationUpdate;
import io.eaadam.common.mo.Variation;
import io.eaadam.common.mo.VariationPlan;
import io.eaadam.common.random.Seeds;
import io.eaadam.worker.ea.ObjectiveEvaluator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The driver's share of an EA phase: per child, the driver draws a plan, updates z and compares
 * Tchebycheff values, and rebuilds an accepted child (SBX and mutation over the whole genome), while an
 * executor evaluates the child on the EA set. Measured on the configured model; the evaluation is timed
 * on a few tiles and scaled to the authors' EA set (16 images of 50 tiles).
 */
public final class EaShareBench {

    /** Tiles of the authors' EA set: 16 images, 50 tiles each (method 6.2). */
    public static final int AUTHORS_TILES = 800;

    public record Result(String arch, int genomeSize, double driverMillisPerChild, double evaluationMillisPerTile,
            double evaluationMillisPerChild) {

        public double driverShare() {
            return driverMillisPerChild / evaluationMillisPerChild;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "eaadam bench mode=ea-share arch=%s genome=%d floats: driver %.2f ms per "
                    + "child (plan, selection, rebuilding an accepted child), evaluation %.1f ms per tile = %.0f ms "
                    + "per child on %d tiles: driver share %.4f%%", arch, genomeSize, driverMillisPerChild,
                    evaluationMillisPerTile, evaluationMillisPerChild, AUTHORS_TILES, 100 * driverShare());
        }
    }

    private EaShareBench() {}

    public static Result run(EaAdamConfig config, int tiles, int children, Device device) throws IOException {
        int size = config.population().size();
        Variation variation = new Variation(config.ea(),
                Decomposition.neighbourhoods(size, config.population().neighbourhood()));
        List<Batch> eaSet = List.of(tiles(config, tiles));
        try (ObjectiveEvaluator evaluator = new ObjectiveEvaluator(config, eaSet, device)) {
            List<Genome> population = population(config, device, size);
            // Driver: every child accepted into one slot, the worst case for the driver.
            long start = System.nanoTime();
            for (int c = 0; c < children; c++) {
                VariationPlan plan = variation.draw(c % size, Seeds.random(1, "bench", c));
                population = PopulationUpdate.unchanged(size).withChild(plan.slot(), plan).apply(population, variation);
            }
            double driver = (System.nanoTime() - start) / 1e6 / children;
            evaluator.evaluate(population.get(0)); // warm-up
            int repeats = 3;
            start = System.nanoTime();
            Objectives sink = null;
            for (int r = 0; r < repeats; r++) {
                sink = evaluator.evaluate(population.get(r % size));
            }
            double perTile = (System.nanoTime() - start) / 1e6 / repeats / tiles;
            if (sink == null) {
                throw new IllegalStateException("no evaluation");
            }
            return new Result(Bench.label(config.model()),
                    population.get(0).values().length, driver, perTile, perTile * AUTHORS_TILES);
        }
    }

    private static List<Genome> population(EaAdamConfig config, Device device, int size) {
        List<Genome> population = new ArrayList<>();
        try (var manager = ai.djl.ndarray.NDManager.newBaseManager(device, io.eaadam.worker.runtime.TorchRuntime.ENGINE);
                var generator = io.eaadam.worker.nn.Generator.create(config.model(), manager)) {
            for (int k = 0; k < size; k++) {
                generator.weights().initialize(k);
                population.add(generator.weights().stateDict());
            }
        }
        return population;
    }

    /** {@code count} EA tiles cut from a synthetic image, HR side ea-set.tile. */
    private static Batch tiles(EaAdamConfig config, int count) {
        int hrSide = config.eaSet().tile();
        int scale = config.model().scale();
        List<Image> lr = new ArrayList<>();
        List<Image> hr = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Image tile = SyntheticImages.scene(hrSide, hrSide, i);
            hr.add(tile);
            lr.add(MatlabResize.downscale(tile, scale).quantized(8));
        }
        return Batch.stack(lr, hr);
    }
}
