package io.eaadam.worker.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.mo.Preference;
import io.eaadam.worker.loss.PerceptualLoss;
import io.eaadam.worker.nn.Generator;
import io.eaadam.worker.nn.Vgg19Features;
import io.eaadam.worker.nn.VggStyleDiscriminator;
import io.eaadam.worker.runtime.GradMode;
import io.eaadam.worker.runtime.TorchRuntime;
import io.eaadam.worker.train.SlotTrainer;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Throughput of the work an executor does, on random data: the EA-Adam step of spec 2.4 (generator
 * with L1 + perceptual + GAN, per-tensor normalised gradients, own Adam, discriminator step), a plain
 * L1 Adam step, and inference. tools/reference/eaadam_step.py runs the same in PyTorch eager.
 */
public final class Bench {

    /** What to time. */
    public enum Mode {
        /** The full Adam-phase step of spec 2.4 with preference (0.5, 0.5). */
        ADAM_STEP,
        /** Generator, L1 loss and Adam only (preference (1, 0)): no VGG, no discriminator. */
        L1_STEP,
        /** Forward pass without autograd. */
        INFER
    }

    /** One measurement; {@code outputMegapixelsPerSecond} counts SR output pixels. */
    public record Result(Mode mode, String arch, int batch, int patch, String device, int threads, int steps,
            double secondsPerStep, double imagesPerSecond, double outputMegapixelsPerSecond) {

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "eaadam bench mode=%s arch=%s batch=%d patch=%d device=%s threads=%d: "
                    + "%.2f images/s, %.3f output megapixels/s, %.1f ms/step (%d steps)",
                    mode.name().toLowerCase(Locale.ROOT).replace('_', '-'), arch, batch, patch, device, threads,
                    imagesPerSecond, outputMegapixelsPerSecond, secondsPerStep * 1000, steps);
        }
    }

    private Bench() {}

    /**
     * @param patch LR patch side; the HR side is patch * scale (the discriminator's input size)
     */
    public static Result run(Mode mode, EaAdamConfig.Model model, int batch, int patch, int steps, int warmup,
            Device device) {
        int scale = model.scale();
        try (NDManager manager = NDManager.newBaseManager(device, TorchRuntime.ENGINE);
                Generator generator = Generator.create(model, manager)) {
            generator.weights().initialize(1);
            NDArray lr = manager.randomUniform(0, 1, new Shape(batch, 3, patch, patch));
            NDArray hr = manager.randomUniform(0, 1, new Shape(batch, 3, patch * scale, patch * scale));
            Runnable step;
            AutoCloseable resources;
            if (mode == Mode.INFER) {
                step = () -> {
                    try (GradMode ignored = GradMode.disabled();
                            NDArray sr = generator.forward(lr)) {
                        sr.toFloatArray(); // waits for the device
                    }
                };
                resources = () -> { };
            } else {
                boolean adversarial = mode == Mode.ADAM_STEP;
                boolean rrdb = model.arch().equals("rrdb");
                Map<String, Double> layers = rrdb
                        ? Map.of("conv1_2", 0.1, "conv2_2", 0.1, "conv3_4", 1.0, "conv4_4", 1.0, "conv5_4", 1.0)
                        : Map.of("conv5_4", 1.0);
                EaAdamConfig.Loss loss = new EaAdamConfig.Loss(new EaAdamConfig.Perceptual(1.0, layers, ""),
                        new EaAdamConfig.Gan(rrdb ? "ragan" : "vanilla", adversarial ? 0.005 : 0.0));
                EaAdamConfig.Optimizer optimizer = new EaAdamConfig.Optimizer(1e-5, 0.9, 0.999, 1e-8, List.of(), 0.5);
                Vgg19Features vgg = adversarial ? new Vgg19Features(manager, inNetworkOrder(layers)) : null;
                VggStyleDiscriminator d = adversarial ? new VggStyleDiscriminator(manager, 64, patch * scale) : null;
                if (adversarial) {
                    vgg.weights().initialize(2);
                    d.weights().initialize(3);
                }
                PerceptualLoss perceptual = adversarial ? new PerceptualLoss(vgg, layers, 1.0) : null;
                SlotTrainer trainer = new SlotTrainer(generator, d, perceptual, loss, optimizer);
                Preference preference = adversarial ? new Preference(0.5, 0.5) : new Preference(1, 0);
                step = () -> {
                    trainer.step(lr, hr, preference, 1e-5);
                    trainer.drainLosses(); // waits for the device, as PyTorch's loss.item() would
                };
                resources = () -> {
                    trainer.close();
                    if (adversarial) {
                        d.close();
                        vgg.close();
                    }
                };
            }
            try (AutoCloseable ignored = resources) {
                for (int i = 0; i < warmup; i++) {
                    step.run();
                }
                long start = System.nanoTime();
                for (int i = 0; i < steps; i++) {
                    step.run();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                double perStep = seconds / steps;
                double images = batch / perStep;
                double megapixels = images * patch * scale * patch * scale / 1e6;
                return new Result(mode, model.arch() + "-" + model.numBlock() + "x" + model.numFeat(), batch, patch,
                        device.toString(), TorchRuntime.threads(), steps, perStep, images, megapixels);
            } catch (Exception e) {
                throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
        }
    }

    private static List<String> inNetworkOrder(Map<String, Double> layers) {
        return EaAdamConfig.VGG19_LAYERS.stream().filter(layers::containsKey).toList();
    }
}
