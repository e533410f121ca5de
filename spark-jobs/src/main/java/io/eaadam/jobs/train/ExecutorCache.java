package io.eaadam.jobs.train;

import ai.djl.Device;

import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.data.Batch;
import io.eaadam.common.data.CachedPairSource;
import io.eaadam.common.data.ImagePair;
import io.eaadam.common.data.PairLoader;
import io.eaadam.common.data.PairSource;
import io.eaadam.common.data.TileGrid;
import io.eaadam.common.genome.Genome;
import io.eaadam.common.mo.PopulationUpdate;
import io.eaadam.common.mo.Variation;
import io.eaadam.worker.ea.ObjectiveEvaluator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * What an executor keeps between tasks (static: one per executor JVM): the training images, the EA set
 * and its evaluators, and its replica of the population during an EA phase. Tasks of the same run
 * reuse them instead of decoding images or building networks again.
 */
public final class ExecutorCache {

    private static final Map<Object, PairSource> TRAINING = new ConcurrentHashMap<>();
    private static final Map<Object, List<Batch>> EA_SETS = new ConcurrentHashMap<>();
    private static final Map<Object, ConcurrentLinkedDeque<ObjectiveEvaluator>> EVALUATORS = new ConcurrentHashMap<>();
    private static final Map<Long, Replica> REPLICAS = new LinkedHashMap<>();
    private static final int KEPT_REPLICAS = 2;

    private ExecutorCache() {}

    public static PairSource trainingData(EaAdamConfig config) {
        EaAdamConfig.Data data = config.data();
        return TRAINING.computeIfAbsent(List.of(data, config.model().scale()), key -> unchecked(() ->
                CachedPairSource.load(new PairLoader(config.model().scale(), data.imageLimits()), data.requireTrainHr(),
                        data.trainLr(), data.patchSize(), data.cacheMb() * (1L << 20)).source()));
    }

    /** The EA objective set (method 2.5, bug B8): the first images of the folder in sorted order, as tiles. */
    static List<Batch> eaSet(EaAdamConfig config) {
        EaAdamConfig.EaSet set = config.eaSet();
        String hr = set.hr().isBlank() ? config.data().trainHr() : set.hr();
        String lr = set.hr().isBlank() ? config.data().trainLr() : set.lr();
        return EA_SETS.computeIfAbsent(List.of(set, hr, lr, config.model().scale()), key -> unchecked(() -> {
            TileGrid grid = new TileGrid(set, config.model().scale());
            List<Batch> tiles = new ArrayList<>();
            PairLoader loader = new PairLoader(config.model().scale(), config.data().imageLimits());
            for (ImagePair pair : loader.loadAll(hr, lr, set.tile(), set.images()).pairs()) {
                tiles.add(grid.tiles(pair));
            }
            return List.copyOf(tiles);
        }));
    }

    /** Runs {@code work} with an evaluator of this config on {@code device}, one per concurrent task. */
    static <T> T withEvaluator(EaAdamConfig config, Device device, java.util.function.Function<ObjectiveEvaluator, T> work) {
        Object key = List.of(config.model(), config.loss().perceptual(), config.eaSet(), config.data().trainHr(),
                config.run().seed(), device.toString());
        ConcurrentLinkedDeque<ObjectiveEvaluator> pool = EVALUATORS.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>());
        ObjectiveEvaluator evaluator = pool.poll();
        if (evaluator == null) {
            evaluator = unchecked(() -> new ObjectiveEvaluator(config, eaSet(config), device));
        }
        try {
            return work.apply(evaluator);
        } finally {
            pool.push(evaluator);
        }
    }

    /**
     * This executor's copy of the population of EA snapshot {@code snapshotId}, brought up to date by
     * replaying {@code updates} (the driver's selections so far, in order).
     */
    static List<Genome> population(long snapshotId, List<Genome> snapshot, List<PopulationUpdate> updates,
            Variation variation) {
        Replica replica;
        synchronized (REPLICAS) {
            replica = REPLICAS.computeIfAbsent(snapshotId, id -> new Replica(snapshot));
            while (REPLICAS.size() > KEPT_REPLICAS) {
                REPLICAS.remove(REPLICAS.keySet().iterator().next());
            }
        }
        return replica.after(updates, variation);
    }

    /** A population and how many updates it has seen; later tasks never need an older state. */
    private static final class Replica {
        private List<Genome> population;
        private int applied;

        Replica(List<Genome> population) {
            this.population = population;
        }

        synchronized List<Genome> after(List<PopulationUpdate> updates, Variation variation) {
            if (updates.size() < applied) {
                throw new IllegalStateException("EA replica has seen " + applied + " updates, task brings "
                        + updates.size());
            }
            for (; applied < updates.size(); applied++) {
                population = updates.get(applied).apply(population, variation);
            }
            return population;
        }
    }

    private interface IoSupplier<T> {
        T get() throws IOException;
    }

    private static <T> T unchecked(IoSupplier<T> supplier) {
        try {
            return supplier.get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
