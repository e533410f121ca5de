package io.eaadam.jobs;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;

import io.eaadam.common.cli.Args;
import io.eaadam.common.cli.UsageError;
import io.eaadam.common.config.ConfigLoader;
import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.data.ImagePair;
import io.eaadam.common.data.PairLoader;
import io.eaadam.common.fs.Storage;
import io.eaadam.common.image.Image;
import io.eaadam.common.image.ImageCodec;
import io.eaadam.common.image.MatlabResize;
import io.eaadam.common.image.SyntheticImages;
import io.eaadam.common.mo.Preference;
import io.eaadam.common.safetensors.SafeTensorsFiles;
import io.eaadam.worker.cli.Command;
import io.eaadam.worker.eval.Evaluation;
import io.eaadam.worker.infer.Upscaler;
import io.eaadam.worker.nn.Generator;
import io.eaadam.worker.runtime.Devices;
import io.eaadam.worker.runtime.TorchRuntime;
import io.eaadam.worker.train.SingleSlotTraining;

import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code demo}: a first run on a fresh machine. Generates training and validation images (unless the
 * config names folders), trains a small SRResNet slot with L1 on the CPU, and writes its weights, the
 * validation images upscaled by it and by bicubic, and the PSNR/SSIM table to the run folder.
 */
final class DemoCommand implements Command {

    private static final int TRAIN_IMAGES = 24;
    private static final int VAL_IMAGES = 4;
    private static final int IMAGE_SIDE = 192;

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String usage() {
        return "demo [--conf demo] [--steps 400] [-Dkey=value ...]";
    }

    @Override
    public int run(String[] argv) throws IOException {
        Args args = Args.parse(name(), argv, Set.of());
        String confFile = args.optional("conf", "demo");
        int steps = args.intOption("steps", 400);
        List<String> overrides = new ArrayList<>(args.overrides());
        args.checkAllRead();
        if (steps < 1) {
            throw new UsageError("demo: --steps must be positive");
        }
        EaAdamConfig config = ConfigLoader.load(confFile, overrides);
        String run = config.run().dir();
        if (config.data().trainHr().isBlank()) {
            overrides.add("data.train-hr=\"" + generate(run + "/data/train", TRAIN_IMAGES, 0) + "\"");
            overrides.add("data.val-hr=\"" + generate(run + "/data/val", VAL_IMAGES, 1000) + "\"");
            config = ConfigLoader.load(confFile, overrides);
        }

        TorchRuntime.setThreads(config.device().threads());
        Device device = Devices.choose(config.device().type());
        Preference preference = new Preference(1, 0);
        System.out.printf(Locale.ROOT, "demo: training a %s (%d blocks x %d features) with L1 for %d steps on %s%n",
                config.model().arch(), config.model().numBlock(), config.model().numFeat(), steps, device);
        SingleSlotTraining.Result result = SingleSlotTraining.run(config, preference, steps, device);
        String weights = run + "/slot-l1.safetensors";
        SafeTensorsFiles.write(weights, result.weights(), Map.of("format", "pt", "arch", config.model().arch()));

        List<ImagePair> validation = new PairLoader(config.model().scale())
                .loadAll(config.data().valHr(), config.data().valLr(), config.data().patchSize(), 0).pairs();
        try (NDManager manager = NDManager.newBaseManager(device, TorchRuntime.ENGINE);
                Generator generator = Generator.create(config.model(), manager)) {
            generator.weights().loadStateDict(result.weights());
            Upscaler upscaler = new Upscaler(generator);
            for (ImagePair pair : validation) {
                String stem = pair.name().replaceFirst("\\.[^.]*$", "");
                writePng(run + "/val-sr/" + stem + ".png", upscaler.upscale(pair.lr()));
                writePng(run + "/val-bicubic/" + stem + ".png",
                        MatlabResize.resize(pair.lr(), config.model().scale()));
            }
            Evaluation.Result scores = Evaluation.run(upscaler, validation);
            String summary = String.format(Locale.ROOT, "{\"steps\": %d, \"images_per_second\": %.2f, "
                    + "\"psnr_y\": %.4f, \"ssim_y\": %.5f, \"bicubic_psnr_y\": %.4f, \"bicubic_ssim_y\": %.5f}%n",
                    steps, result.imagesPerSecond(), scores.psnr(), scores.ssim(), scores.bicubicPsnr(),
                    scores.bicubicSsim());
            Storage.writeAtomically(Storage.path(run + "/metrics.json"),
                    out -> out.write(summary.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            System.out.printf(Locale.ROOT, "demo: validation PSNR-Y %.2f dB, SSIM-Y %.4f (bicubic %.2f dB, %.4f)%n",
                    scores.psnr(), scores.ssim(), scores.bicubicPsnr(), scores.bicubicSsim());
        }
        System.out.println("demo: wrote " + weights + ", " + run + "/val-sr/, " + run + "/val-bicubic/ and "
                + run + "/metrics.json");
        return 0;
    }

    /** Writes {@code count} synthetic PNGs into {@code dir} (skipping those already there) and returns it. */
    private static String generate(String dir, int count, long firstSeed) throws IOException {
        for (int i = 0; i < count; i++) {
            Path file = new Path(Storage.path(dir), String.format(Locale.ROOT, "scene%03d.png", i));
            if (!Storage.fs(file).exists(file)) {
                Image image = SyntheticImages.scene(IMAGE_SIDE, IMAGE_SIDE, firstSeed + i);
                Storage.writeAtomically(file, out -> ImageCodec.encodePng(image, null, 8, out));
            }
        }
        return dir;
    }

    private static void writePng(String uri, Image image) throws IOException {
        Storage.writeAtomically(Storage.path(uri), out -> ImageCodec.encodePng(image, null, 8, out));
    }
}
