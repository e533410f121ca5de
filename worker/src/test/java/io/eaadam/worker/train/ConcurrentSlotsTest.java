package io.eaadam.worker.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.config.GanType;
import io.eaadam.common.genome.Genome;
import io.eaadam.common.mo.Preference;
import io.eaadam.worker.loss.PerceptualLoss;
import io.eaadam.worker.nn.MsrResNet;
import io.eaadam.worker.nn.Vgg19Features;
import io.eaadam.worker.nn.VggStyleDiscriminator;
import io.eaadam.worker.runtime.TorchRuntime;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Two slots training at once in one JVM (two Spark tasks in one executor) neither collide (DJL's
 * GradientCollector is one per JVM; we use libtorch's per-thread grad mode) nor disturb each other: each
 * ends bit-identical to the same slot trained alone. It also checks that a step leaves no array behind.
 */
class ConcurrentSlotsTest {

    private static final Map<String, Double> LAYERS = Map.of("conv1_2", 1.0);
    private static final EaAdamConfig.Loss LOSS = new EaAdamConfig.Loss(
            new EaAdamConfig.Perceptual(1.0, LAYERS, "", true), new EaAdamConfig.Gan(GanType.VANILLA, 0.005));
    private static final EaAdamConfig.Optimizer ADAM = new EaAdamConfig.Optimizer(1e-3, 0.9, 0.999, 1e-8, List.of(), 0.5);
    private static final int STEPS = 3;

    @Test
    void twoThreadsTrainAsEachAlone() throws Exception {
        Genome[] alone = {train(new Preference(0.75, 0.25), 11), train(new Preference(0.25, 0.75), 12)};
        assertNotEquals(alone[0], alone[1]);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Genome> a = pool.submit(() -> train(new Preference(0.75, 0.25), 11));
            Future<Genome> b = pool.submit(() -> train(new Preference(0.25, 0.75), 12));
            assertEquals(alone[0], a.get(), "slot A trained beside slot B");
            assertEquals(alone[1], b.get(), "slot B trained beside slot A");
        } finally {
            pool.shutdownNow();
        }
    }

    private static Genome train(Preference preference, long seed) {
        try (NDManager manager = NDManager.newBaseManager(TorchRuntime.ENGINE);
                MsrResNet g = new MsrResNet(manager, 4, 8, 2);
                VggStyleDiscriminator d = new VggStyleDiscriminator(manager, 8, 32);
                Vgg19Features vgg = new Vgg19Features(manager, LAYERS.keySet())) {
            g.weights().initialize(seed);
            d.weights().initialize(seed + 100);
            vgg.weights().initialize(7);
            NDArray lr = manager.create(pattern(2 * 3 * 8 * 8, seed), new Shape(2, 3, 8, 8));
            NDArray hr = manager.create(pattern(2 * 3 * 32 * 32, seed + 1), new Shape(2, 3, 32, 32));
            List<Integer> counts = new ArrayList<>();
            try (SlotTrainer trainer = new SlotTrainer(g, d, new PerceptualLoss(vgg, LAYERS, 1.0), LOSS, ADAM)) {
                for (int i = 0; i < STEPS; i++) {
                    trainer.step(lr, hr, preference, ADAM.lr());
                    trainer.drainLosses();
                    counts.add(arrayCount(manager));
                }
            }
            assertEquals(counts.get(0), counts.get(STEPS - 1), "arrays alive after each step: " + counts);
            return g.weights().stateDict();
        }
    }

    /** Inputs from Java, not libtorch's global generator, so that threads cannot interleave its draws. */
    private static float[] pattern(int n, long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextDouble();
        }
        return v;
    }

    private static int arrayCount(NDManager manager) {
        return manager.getManagedArrays().size();
    }
}
