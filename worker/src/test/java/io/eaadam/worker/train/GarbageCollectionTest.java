package io.eaadam.worker.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.config.GanType;
import io.eaadam.common.genome.Genome;
import io.eaadam.common.mo.Preference;
import io.eaadam.worker.loss.PerceptualLoss;
import io.eaadam.worker.nn.Generator;
import io.eaadam.worker.nn.MsrResNet;
import io.eaadam.worker.nn.Ops;
import io.eaadam.worker.nn.RrdbNet;
import io.eaadam.worker.nn.Vgg19Features;
import io.eaadam.worker.nn.VggStyleDiscriminator;
import io.eaadam.worker.runtime.GradMode;
import io.eaadam.worker.runtime.TorchRuntime;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Training gives the same bits while the garbage collector runs. DJL's arithmetic with a Java number
 * ({@code x.mul(0.5f)}) puts the number in a tensor over a direct buffer and closes it at once; autograd
 * keeps that tensor for the backward pass, which then reads memory the collector has freed and others have
 * written. {@link Ops#mul} keeps the factor in libtorch's memory. Each test runs with a thread that collects
 * and fills fresh direct buffers with NaN; with DJL's {@code mul(Number)} every one of them fails.
 */
class GarbageCollectionTest {

    private static final Map<String, Double> LAYERS = Map.of("conv1_2", 1.0);
    private static final EaAdamConfig.Optimizer ADAM = new EaAdamConfig.Optimizer(1e-3, 0.9, 0.999, 1e-8, List.of(), 0.5);

    @Test
    void aScaledTensorKeepsItsGradient() throws Exception {
        try (Collector ignored = new Collector();
                NDManager manager = NDManager.newBaseManager(TorchRuntime.ENGINE)) {
            for (int round = 0; round < 10; round++) {
                try (NDManager scope = manager.newSubManager();
                        GradMode grad = GradMode.enabled()) {
                    NDArray x = scope.ones(new Shape(4));
                    x.setRequiresGradient(true);
                    NDArray loss = Ops.mul(x, 2.5f).sum();
                    Collector.collectAndOverwrite();
                    GradMode.backward(loss, false);
                    assertArrayEquals(new float[] {2.5f, 2.5f, 2.5f, 2.5f}, x.getGradient().toFloatArray());
                }
            }
        }
    }

    @Test
    void msrResNetWithVanillaGanAndWeightedPerceptualLoss() throws Exception {
        assertTrainsAsWhenQuiet(manager -> new MsrResNet(manager, 4, 8, 1), GanType.VANILLA, 0.5);
    }

    @Test
    void rrdbNetWithRelativisticGan() throws Exception {
        assertTrainsAsWhenQuiet(manager -> new RrdbNet(manager, 8, 1, 4), GanType.RAGAN, 1.0);
    }

    private static void assertTrainsAsWhenQuiet(Function<NDManager, Generator> architecture, GanType gan,
            double perceptualWeight) throws InterruptedException {
        Genome quiet = train(architecture, gan, perceptualWeight);
        try (Collector ignored = new Collector()) {
            assertEquals(quiet, train(architecture, gan, perceptualWeight));
        }
    }

    private static Genome train(Function<NDManager, Generator> architecture, GanType gan, double perceptualWeight) {
        EaAdamConfig.Loss loss = new EaAdamConfig.Loss(new EaAdamConfig.Perceptual(perceptualWeight, LAYERS, "", true),
                new EaAdamConfig.Gan(gan, 0.005));
        try (NDManager manager = NDManager.newBaseManager(TorchRuntime.ENGINE);
                Generator g = architecture.apply(manager);
                VggStyleDiscriminator d = new VggStyleDiscriminator(manager, 8, 32);
                Vgg19Features vgg = new Vgg19Features(manager, LAYERS.keySet())) {
            g.weights().initialize(11);
            d.weights().initialize(12);
            vgg.weights().initialize(13);
            NDArray lr = manager.create(pattern(2 * 3 * 8 * 8, 1), new Shape(2, 3, 8, 8));
            NDArray hr = manager.create(pattern(2 * 3 * 32 * 32, 2), new Shape(2, 3, 32, 32));
            try (SlotTrainer trainer = new SlotTrainer(g, d, new PerceptualLoss(vgg, LAYERS, perceptualWeight), loss,
                    ADAM)) {
                for (int i = 0; i < 4; i++) {
                    trainer.step(lr, hr, new Preference(0.25, 0.75), ADAM.lr());
                }
            }
            return g.weights().stateDict();
        }
    }

    private static float[] pattern(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextDouble();
        }
        return v;
    }

    /** A thread that keeps the collector freeing direct buffers and the allocator handing their memory out again. */
    private static final class Collector implements AutoCloseable {

        private final Thread thread = new Thread(() -> {
            try {
                while (true) {
                    collectAndOverwrite();
                    Thread.sleep(2);
                }
            } catch (InterruptedException e) {
                // closed
            }
        }, "garbage-collector-pressure");

        Collector() {
            thread.setDaemon(true);
            thread.start();
        }

        static void collectAndOverwrite() {
            System.gc();
            List<ByteBuffer> fresh = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                ByteBuffer buffer = ByteBuffer.allocateDirect(4 << (i % 5)).order(ByteOrder.nativeOrder());
                while (buffer.remaining() >= Float.BYTES) {
                    buffer.putFloat(Float.NaN);
                }
                fresh.add(buffer);
            }
        }

        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            thread.join();
        }
    }
}
