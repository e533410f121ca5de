package io.eaadam.jobs.train;

import ai.djl.Device;

import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.data.Batch;
import io.eaadam.common.data.CachedPairSource;
import io.eaadam.common.data.ImagePair;
import io.eaadam.common.data.PairLoader;
import io.eaadam.common.data.PairSource;
import io.eaadam.common.data.TileGrid;
import io.eaadam.common.mo.Objectives;
import io.eaadam.common.safetensors.SafeTensorsFiles;
import io.eaadam.worker.ea.ObjectiveEvaluator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.stream.IntStream;

/**
 * What an executor keeps between tasks (static: one per executor JVM): the training images, the EA set
 * and its evaluators. Tasks of the same run reuse them instead of decoding images or building networks again.
 */
public final class ExecutorCache {

    private static final Map<Object, PairSource> TRAINING = new ConcurrentHashMap<>();
    private static final Map<Object, List<Batch>> EA_SETS = new ConcurrentHashMap<>();
    private static final Map<Object, ConcurrentLinkedDeque<ObjectiveEvaluator>> EVALUATORS = new ConcurrentHashMap<>();

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

    /**
     * Runs {@code work} with an evaluator of this config on {@code device} holding the EA set's images
     * {@code share}, one per concurrent task; with null when the share is empty.
     */
    static <T> T withEvaluator(EaAdamConfig config, Device device, List<Integer> share,
            java.util.function.Function<ObjectiveEvaluator, T> work) {
        if (share.isEmpty()) {
            return work.apply(null);
        }
        Object key = List.of(config.model(), config.loss().perceptual(), config.eaSet(), config.data().trainHr(),
                config.run().seed(), device.toString(), share);
        ConcurrentLinkedDeque<ObjectiveEvaluator> pool = EVALUATORS.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>());
        ObjectiveEvaluator evaluator = pool.poll();
        if (evaluator == null) {
            List<Batch> images = share.stream().map(eaSet(config)::get).toList();
            evaluator = unchecked(() -> new ObjectiveEvaluator(config, images, device));
        }
        try {
            return work.apply(evaluator);
        } finally {
            pool.push(evaluator);
        }
    }

    /**
     * f1 and f2 of a generator of the run's architecture (its weights file, checked against its sha256) on the
     * whole EA set, as the EA measures a slot: the same evaluator, so a slot gives its manifest's objectives.
     */
    public static Objectives objectives(EaAdamConfig config, Device device, EaAdamConfig.Model generator) {
        List<Integer> all = IntStream.range(0, eaSet(config).size()).boxed().toList();
        return withEvaluator(config, device, all, evaluator -> unchecked(() -> evaluator.evaluate(SafeTensorsFiles
                .read(generator.initWeights(), generator.initWeightsSha256()).toGenome(evaluator.layout()))));
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
