package io.eaadam.worker.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;

import io.eaadam.common.config.Arch;
import io.eaadam.common.config.ConfigLoader;
import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.config.GanType;
import io.eaadam.common.config.SwinSettings;
import io.eaadam.common.data.Batch;
import io.eaadam.common.genome.Genome;
import io.eaadam.common.mo.Preference;
import io.eaadam.worker.ea.ObjectiveEvaluator;
import io.eaadam.worker.nn.Generator;
import io.eaadam.worker.runtime.GradMode;
import io.eaadam.worker.runtime.TorchRuntime;
import io.eaadam.worker.train.TrainingSetup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Throughput of the work an executor does, on random data: the EA-Adam step of method 2.4 (generator
 * with L1 + perceptual + GAN, per-tensor normalised gradients, own Adam, discriminator step), a plain
 * L1 Adam step, the evaluation of one EA child, and inference. tools/reference/eaadam_step.py runs the
 * same in PyTorch eager and prints the same line. A mode is a {@link Workload}: another one (tiled
 * inference, say) is one more enum constant and one more case in {@link #workload}.
 */
public final class Bench {

    /** What to time. */
    public enum Mode {
        /** The full Adam-phase step of method 2.4 with preference (0.5, 0.5). */
        ADAM_STEP,
        /** Generator, L1 loss and Adam only (preference (1, 0)): no VGG, no discriminator. */
        L1_STEP,
        /** One EA child (method 2.5): load its weights, then f1 (L1) and f2 (perceptual) on a batch of tiles. */
        EA_EVAL,
        /** Forward pass without autograd. */
        INFER;

        public String cliName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** One measurement; {@code outputMegapixelsPerSecond} counts SR output pixels. */
    public record Result(Mode mode, String arch, int batch, int patch, String device, int threads, int steps,
            double secondsPerStep, double imagesPerSecond, double outputMegapixelsPerSecond) {

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "eaadam bench mode=%s arch=%s batch=%d patch=%d device=%s threads=%d: "
                    + "%.2f images/s, %.3f output megapixels/s, %.1f ms/step (%d steps)",
                    mode.cliName(), arch, batch, patch, device, threads,
                    imagesPerSecond, outputMegapixelsPerSecond, secondsPerStep * 1000, steps);
        }
    }

    /** One timed step of a mode, on the resources it opened; {@link #run()} waits for the device. */
    private interface Workload extends AutoCloseable {
        void run();

        @Override
        void close();
    }

    private Bench() {}

    /**
     * @param patch LR patch side; the HR side is patch * scale (the discriminator's input size)
     * @param profile where to write libtorch's profiler trace (chrome format) of the timed steps; null
     *     for none. tools/bench/op_counts.py counts the operations per step in it.
     */
    public static Result run(Mode mode, EaAdamConfig.Model model, int batch, int patch, int steps, int warmup,
            Device device, Path profile) {
        try (NDManager manager = NDManager.newBaseManager(device, TorchRuntime.ENGINE);
                Workload workload = workload(mode, model, batch, patch, manager)) {
            for (int i = 0; i < warmup; i++) {
                workload.run();
            }
            if (profile != null) {
                JniUtils.startProfile(device.isGpu(), false, false);
            }
            long start = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                workload.run();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (profile != null) {
                JniUtils.stopProfile(profile.toAbsolutePath().toString());
            }
            double perStep = seconds / steps;
            double images = batch / perStep;
            int hrSide = patch * model.scale();
            double megapixels = images * hrSide * hrSide / 1e6;
            return new Result(mode, label(model), batch, patch,
                    device.toString(), TorchRuntime.threads(), steps, perStep, images, megapixels);
        }
    }

    /** "srresnet-16x64", or "swinir-6,6,6,6x60" (depths and embed dim). */
    public static String label(EaAdamConfig.Model model) {
        return model.swin() == null ? model.arch() + "-" + model.numBlock() + "x" + model.numFeat()
                : model.arch() + "-" + SwinSettings.list(model.swin().depths()) + "x" + model.swin().embedDim();
    }

    /**
     * The settings of the bench's model, the authors' losses for its backbone (SRGAN's conv5_4 and vanilla GAN for
     * SRResNet and srvgg, ESRGAN's five layers and RaGAN for RRDB; a random VGG19, the same work as a trained
     * one) and a discriminator for HR patches of {@code hrSide}.
     */
    static EaAdamConfig config(EaAdamConfig.Model model, int hrSide) {
        String layers = model.arch() == Arch.RRDB ? "{conv1_2 = 0.1, conv2_2 = 0.1, conv3_4 = 1, conv4_4 = 1, conv5_4 = 1}"
                : "{conv5_4 = 1}";
        List<String> settings = new ArrayList<>(model.settings());
        settings.addAll(List.of("loss.perceptual.layers=" + layers, "loss.perceptual.random-vgg=true",
                "loss.gan.type=" + (model.arch() == Arch.RRDB ? GanType.RAGAN : GanType.VANILLA),
                "data.patch-size=" + hrSide, "discriminator.input-size=" + hrSide, "optimizer.milestones=[]"));
        return ConfigLoader.load(null, settings);
    }

    private static Workload workload(Mode mode, EaAdamConfig.Model model, int batch, int patch, NDManager manager) {
        int hrSide = patch * model.scale();
        return switch (mode) {
            case INFER -> inference(model, manager.randomUniform(0, 1, new Shape(batch, 3, patch, patch)), manager);
            case EA_EVAL -> childEvaluation(config(model, hrSide), batch, patch, manager.getDevice());
            case ADAM_STEP, L1_STEP -> training(mode == Mode.ADAM_STEP, config(model, hrSide),
                    manager.randomUniform(0, 1, new Shape(batch, 3, patch, patch)),
                    manager.randomUniform(0, 1, new Shape(batch, 3, hrSide, hrSide)), manager);
        };
    }

    private static Workload inference(EaAdamConfig.Model model, NDArray lr, NDManager manager) {
        Generator generator = Generator.create(model, manager);
        generator.weights().initialize(1);
        return new Workload() {
            @Override
            public void run() {
                try (GradMode ignored = GradMode.disabled();
                        NDArray sr = generator.forward(lr)) {
                    sr.toFloatArray(); // waits for the device, as PyTorch's .cpu() does
                }
            }

            @Override
            public void close() {
                generator.close();
            }
        };
    }

    private static Workload training(boolean adversarial, EaAdamConfig config, NDArray lr, NDArray hr,
            NDManager manager) {
        Generator generator = Generator.create(config.model(), manager);
        generator.weights().initialize(1);
        TrainingSetup setup;
        try {
            setup = TrainingSetup.build(config, generator, config.optimizer(), adversarial, null, 3, manager);
        } catch (IOException e) {
            generator.close();
            throw new UncheckedIOException(e);
        }
        Preference preference = adversarial ? new Preference(0.5, 0.5) : new Preference(1, 0);
        return new Workload() {
            @Override
            public void run() {
                setup.trainer().step(lr, hr, preference, config.optimizer().lr());
                setup.trainer().drainLosses(); // waits for the device, as PyTorch's loss.item() does
            }

            @Override
            public void close() {
                setup.close();
                generator.close();
            }
        };
    }

    /**
     * The executor's work per EA child: one EA image of {@code batch} tiles whose VGG targets are cached,
     * a genome copied in from the host per step (as the driver sends it), f1 and f2 back on the host.
     */
    private static Workload childEvaluation(EaAdamConfig config, int batch, int patch, Device device) {
        int hrSide = patch * config.model().scale();
        Random random = new Random(4);
        float[] lr = new float[batch * 3 * patch * patch];
        float[] hr = new float[batch * 3 * hrSide * hrSide];
        for (float[] values : List.of(lr, hr)) {
            for (int i = 0; i < values.length; i++) {
                values[i] = random.nextFloat();
            }
        }
        Batch tiles = new Batch(batch, patch, hrSide, lr, hr);
        Genome genome;
        try (NDManager scratch = NDManager.newBaseManager(device, TorchRuntime.ENGINE);
                Generator generator = Generator.create(config.model(), scratch)) {
            generator.weights().initialize(1);
            genome = generator.weights().stateDict();
        }
        ObjectiveEvaluator evaluator;
        try {
            evaluator = new ObjectiveEvaluator(config, List.of(tiles), device);
        } catch (IOException e) {
            throw new IllegalStateException("bench: cannot build the EA evaluator: " + e.getMessage(), e);
        }
        return new Workload() {
            @Override
            public void run() {
                evaluator.evaluate(genome); // f1 and f2 reach the host
            }

            @Override
            public void close() {
                evaluator.close();
            }
        };
    }
}
