package io.eaadam.worker.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;

import io.eaadam.common.config.Arch;
import io.eaadam.common.config.ConfigLoader;
import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.data.PairLoader;
import io.eaadam.common.mo.Preference;
import io.eaadam.common.safetensors.SafeTensorsFiles;
import io.eaadam.worker.eval.Evaluation;
import io.eaadam.worker.infer.Upscaler;
import io.eaadam.worker.nn.Generator;
import io.eaadam.worker.runtime.Devices;
import io.eaadam.worker.runtime.TorchRuntime;
import io.eaadam.worker.train.SingleSlotTraining;
import io.eaadam.worker.train.StepListener;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code train-slot}: trains one model with a fixed preference between distortion and perception on a
 * folder of images, writes its weights as safetensors (BasicSR names) and reports PSNR/SSIM on Y against
 * MATLAB bicubic on a validation folder.
 */
@Command(name = "train-slot", header = "Trains one model with a fixed preference and compares it with bicubic.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains one model with a fixed preference (distortion, perception) on a folder of images, "
            + "without Spark, writes its weights (safetensors, BasicSR names) and reports PSNR/SSIM on Y against "
            + "bicubic on --val."})
final class TrainSlotCommand implements Callable<Integer> {

    @Option(names = "--train", required = true, paramLabel = "DIR", description = "Training HR images (data.train-hr).")
    String train;

    @Option(names = "--steps", required = true, paramLabel = "N", description = "Training steps.")
    int steps;

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "The weights, as safetensors.")
    String output;

    @Option(names = "--train-lr", paramLabel = "DIR", description = "Training LR images (data.train-lr).")
    String trainLr;

    @Option(names = "--val", paramLabel = "DIR", description = "Validation HR images (data.val-hr).")
    String val;

    @Option(names = "--val-lr", paramLabel = "DIR", description = "Validation LR images (data.val-lr).")
    String valLr;

    @Option(names = "--preference", paramLabel = "W1,W2", defaultValue = "1,0",
            description = "Weights of distortion and perception (default: ${DEFAULT-VALUE}).")
    Preference preference;

    @Option(names = "--init", paramLabel = "FILE", description = "Warm-start weights (model.init-weights).")
    String init;

    @Option(names = "--seed", paramLabel = "N", description = "The seed of every draw (run.seed).")
    Long seed;

    @Mixin
    ConfigOptions configOptions;

    @Override
    public Integer call() throws IOException {
        if (steps < 1) {
            throw new UsageError("--steps " + steps + ": expected a positive number of steps");
        }
        List<String> overrides = new ArrayList<>(configOptions.overrides());
        overrides.add(ConfigLoader.override("data.train-hr", train));
        addOverride(overrides, "data.train-lr", trainLr);
        addOverride(overrides, "data.val-hr", val);
        addOverride(overrides, "data.val-lr", valLr);
        addOverride(overrides, "model.init-weights", init);
        if (seed != null) {
            overrides.add("run.seed=" + seed);
        }
        EaAdamConfig config = ConfigLoader.load(configOptions.conf(), overrides);
        config.loss().perceptual().requireVgg();

        TorchRuntime.setThreads(config.device().threads());
        Device target = Devices.choose(config.device().type());
        SingleSlotTraining.Result result = SingleSlotTraining.run(config, preference, steps, target,
                StepListener.NONE);
        SafeTensorsFiles.write(output, result.weights(), metadata(config.model(), preference));
        System.out.printf(Locale.ROOT, "trained %d steps (%.2f images/s), weights written to %s%n", steps,
                result.imagesPerSecond(), output);

        if (!config.data().valHr().isBlank()) {
            printValidation(config, target, result);
        }
        return 0;
    }

    private static void print(String name, Evaluation.Scores model, Evaluation.Scores bicubic) {
        System.out.printf(Locale.ROOT, "%-28s %7.3f  %7.4f |        %7.3f  %7.4f%n", name, model.psnr(), model.ssim(),
                bicubic.psnr(), bicubic.ssim());
    }

    private static void printValidation(EaAdamConfig config, Device device, SingleSlotTraining.Result result)
            throws IOException {
        int scale = config.model().scale();
        var pairs = new PairLoader(scale, config.data().imageLimits()).loadAll(config.data().valHr(), config.data().valLr(), 2 * scale + 11, 0)
                .pairs();
        try (NDManager manager = NDManager.newBaseManager(device, TorchRuntime.ENGINE);
                Generator generator = Generator.create(config.model(), manager)) {
            generator.weights().loadStateDict(result.weights());
            Evaluation.Result scores = Evaluation.run(new Upscaler(generator), pairs);
            System.out.println("image                         PSNR-Y   SSIM-Y | bicubic PSNR-Y   SSIM-Y");
            for (Evaluation.ImageScore s : scores.images()) {
                print(s.name(), s.model(), s.bicubic());
            }
            print("mean", scores.model(), scores.bicubic());
            System.out.printf(Locale.ROOT, "{\"images\": %d, \"psnr_y\": %.4f, \"ssim_y\": %.5f, "
                    + "\"bicubic_psnr_y\": %.4f, \"bicubic_ssim_y\": %.5f}%n", scores.images().size(),
                    scores.model().psnr(), scores.model().ssim(), scores.bicubic().psnr(), scores.bicubic().ssim());
        }
    }

    /** The model card written into the safetensors header, so that a file says what it holds. */
    static Map<String, String> metadata(EaAdamConfig.Model model, Preference preference) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("arch", model.arch().toString());
        metadata.put("scale", Integer.toString(model.scale()));
        if (model.swin() == null || model.swin().upsampler().hasFeatures()) {
            metadata.put("num_feat", Integer.toString(model.numFeat()));
        }
        if (model.swin() == null) {
            metadata.put("num_block", Integer.toString(model.numBlock()));
        }
        if (model.arch() == Arch.RRDB) {
            metadata.put("num_grow_ch", Integer.toString(model.numGrowCh()));
        }
        if (model.swin() != null) {
            metadata.put("swin", model.swin().describe());
        }
        metadata.put("preference", preference.distortion() + "," + preference.perception());
        return metadata;
    }

    private static void addOverride(List<String> overrides, String key, String value) {
        if (value != null) {
            overrides.add(ConfigLoader.override(key, value));
        }
    }
}
