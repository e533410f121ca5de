package io.eaadam.worker.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;

import io.eaadam.common.cli.Args;
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

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code train-slot}: trains one model with a fixed preference between distortion and perception on a
 * folder of images, writes its weights as safetensors (BasicSR names) and reports PSNR/SSIM on Y against
 * MATLAB bicubic on a validation folder.
 */
final class TrainSlotCommand implements Command {

    @Override
    public String name() {
        return "train-slot";
    }

    @Override
    public String usage() {
        return "train-slot --train DIR --steps N --output FILE.safetensors [--conf FILE|PRESET] [-Dkey=value ...] "
                + "[--train-lr DIR] [--val DIR] [--val-lr DIR] [--preference 1,0] [--init FILE.safetensors] "
                + "[--seed N] [--device auto|cpu|gpu:N] [--threads N]";
    }

    @Override
    public int run(String[] argv) throws IOException {
        Args args = Args.parse(name(), argv, Set.of());
        List<String> overrides = new ArrayList<>(args.overrides());
        addOverride(overrides, "data.train-hr", args.required("train"));
        addOverride(overrides, "data.train-lr", args.optional("train-lr", null));
        addOverride(overrides, "data.val-hr", args.optional("val", null));
        addOverride(overrides, "data.val-lr", args.optional("val-lr", null));
        addOverride(overrides, "model.init-weights", args.optional("init", null));
        addOverride(overrides, "run.seed", args.optional("seed", null));
        addOverride(overrides, "device.type", args.optional("device", null));
        addOverride(overrides, "device.threads", args.optional("threads", null));
        String confFile = args.optional("conf", null);
        int steps = args.intOption("steps", 0);
        Preference preference = Preference.parse(args.optional("preference", "1,0"));
        String output = args.required("output");
        args.checkAllRead();
        if (steps < 1) {
            throw new io.eaadam.common.cli.UsageError("train-slot: --steps must be a positive number of steps");
        }
        EaAdamConfig config = ConfigLoader.load(confFile, overrides);

        TorchRuntime.setThreads(config.device().threads());
        Device device = Devices.choose(config.device().type());
        SingleSlotTraining.Result result = SingleSlotTraining.run(config, preference, steps, device);
        SafeTensorsFiles.write(output, result.weights(), metadata(config.model(), preference));
        System.out.printf(Locale.ROOT, "trained %d steps (%.2f images/s), weights written to %s%n", steps,
                result.imagesPerSecond(), output);

        if (!config.data().valHr().isBlank()) {
            printValidation(config, device, result);
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
        var pairs = new PairLoader(scale).loadAll(config.data().valHr(), config.data().valLr(), 2 * scale + 11, 0)
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
        metadata.put("num_feat", Integer.toString(model.numFeat()));
        metadata.put("num_block", Integer.toString(model.numBlock()));
        if (model.arch() == Arch.RRDB) {
            metadata.put("num_grow_ch", Integer.toString(model.numGrowCh()));
        }
        metadata.put("preference", preference.distortion() + "," + preference.perception());
        return metadata;
    }

    private static void addOverride(List<String> overrides, String key, String value) {
        if (value != null) {
            overrides.add(key + "=\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        }
    }
}
