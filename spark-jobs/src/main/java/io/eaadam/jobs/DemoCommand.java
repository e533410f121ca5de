package io.eaadam.jobs;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;

import com.typesafe.config.Config;

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
import io.eaadam.common.store.Manifest;
import io.eaadam.common.store.RunStore;
import io.eaadam.jobs.spark.SparkSetup;
import io.eaadam.jobs.train.EaAdamDriver;
import io.eaadam.worker.cli.Command;
import io.eaadam.worker.eval.Evaluation;
import io.eaadam.worker.infer.Upscaler;
import io.eaadam.worker.nn.Generator;
import io.eaadam.worker.runtime.Devices;
import io.eaadam.worker.runtime.TorchRuntime;
import io.eaadam.worker.train.SingleSlotTraining;

import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code demo}: EA-Adam end to end on a fresh machine, on the CPU. Generates training and validation
 * images (unless the config names folders), trains the L1 warm-start model (the authors' stage 0), runs a
 * population of 5 through Adam and EA phases on Spark local mode, and reports each slot's objectives,
 * the Pareto front and PSNR/SSIM against bicubic, with the upscaled validation images of every slot.
 * A second call reuses what the first finished (the run resumes).
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
        return "demo [--conf demo] [--warm-start-steps 300] [-Dkey=value ...]";
    }

    @Override
    public int run(String[] argv) throws IOException {
        Args args = Args.parse(name(), argv, Set.of());
        String confFile = args.optional("conf", "demo");
        int warmStartSteps = args.intOption("warm-start-steps", 300);
        List<String> overrides = new ArrayList<>(args.overrides());
        args.checkAllRead();
        if (warmStartSteps < 1) {
            throw new UsageError("demo: --warm-start-steps must be positive");
        }
        EaAdamConfig config = ConfigLoader.load(confFile, overrides);
        String root = config.run().dir();
        if (config.data().trainHr().isBlank()) {
            overrides.add("data.train-hr=\"" + generate(root + "/data/train", TRAIN_IMAGES, 0) + "\"");
            overrides.add("data.val-hr=\"" + generate(root + "/data/val", VAL_IMAGES, 1000) + "\"");
        }
        EaAdamConfig base = ConfigLoader.load(confFile, overrides);
        TorchRuntime.setThreads(base.device().threads());
        Device device = Devices.choose(base.device().type());

        String warmStart = root + "/warm-start-l1.safetensors";
        if (!Storage.fs(Storage.path(warmStart)).exists(Storage.path(warmStart))) {
            System.out.printf(Locale.ROOT, "demo: stage 0, the L1 warm start (%d steps)%n", warmStartSteps);
            SingleSlotTraining.Result l1 = SingleSlotTraining.run(base, new Preference(1, 0), warmStartSteps, device);
            SafeTensorsFiles.write(warmStart, l1.weights(), Map.of("format", "pt", "stage", "l1-warm-start"));
        }
        overrides.add("model.init-weights=\"" + warmStart + "\"");
        String population = root + "/population";
        overrides.add("run.dir=\"" + population + "\"");
        Config runConfig = ConfigLoader.resolve(confFile, overrides);
        config = EaAdamConfig.from(runConfig);
        System.out.printf(Locale.ROOT, "demo: stage 1, EA-Adam with a population of %d in %s%n",
                config.population().size(), population);
        Manifest last;
        try (JavaSparkContext spark = SparkSetup.start("eaadam demo", runConfig)) {
            boolean resume = new RunStore(population).latest().isPresent();
            last = new EaAdamDriver(config, ConfigLoader.render(runConfig.withoutPath("eaadam.run.dir")), spark)
                    .run(resume);
        }
        report(config, last, device, root);
        return 0;
    }

    /** Each slot's objectives, Pareto rank and PSNR/SSIM on the validation images, with its SR images. */
    private static void report(EaAdamConfig config, Manifest last, Device device, String root) throws IOException {
        List<ImagePair> validation = new PairLoader(config.model().scale())
                .loadAll(config.data().valHr(), config.data().valLr(), config.data().patchSize(), 0).pairs();
        RunStore store = new RunStore(config.run().dir());
        StringBuilder json = new StringBuilder("[");
        System.out.printf(Locale.ROOT, "demo: generation %d, Pareto front %s, hypervolume %.4g%n", last.generation(),
                last.paretoFront(), last.hypervolume());
        System.out.println("slot  preference    f1 (L1)    f2 (VGG)  rank   PSNR-Y  SSIM-Y  (bicubic PSNR-Y SSIM-Y)");
        try (NDManager manager = NDManager.newBaseManager(device, TorchRuntime.ENGINE);
                Generator generator = Generator.create(config.model(), manager)) {
            Upscaler upscaler = new Upscaler(generator);
            for (Manifest.Slot slot : last.slots()) {
                generator.weights().loadStateDict(store.readGenome(slot.generator(), generator.weights().stateDictLayout()));
                Evaluation.Result scores = Evaluation.run(upscaler, validation);
                for (ImagePair pair : validation) {
                    writePng(root + "/val-sr/slot-" + slot.slot() + "/" + stem(pair.name()) + ".png",
                            upscaler.upscale(pair.lr()));
                }
                System.out.printf(Locale.ROOT, "%4d  (%.2f, %.2f)  %9.6f  %9.6f  %4d  %7.3f  %6.4f  (%.3f %.4f)%n",
                        slot.slot(), slot.preference()[0], slot.preference()[1], slot.objectives()[0],
                        slot.objectives()[1], slot.paretoRank(), scores.psnr(), scores.ssim(), scores.bicubicPsnr(),
                        scores.bicubicSsim());
                json.append(json.length() > 1 ? ", " : "").append(String.format(Locale.ROOT,
                        "{\"slot\": %d, \"preference\": [%.4f, %.4f], \"f1\": %.8f, \"f2\": %.8f, \"pareto_rank\": %d, "
                                + "\"psnr_y\": %.4f, \"ssim_y\": %.5f, \"bicubic_psnr_y\": %.4f, \"bicubic_ssim_y\": %.5f}",
                        slot.slot(), slot.preference()[0], slot.preference()[1], slot.objectives()[0],
                        slot.objectives()[1], slot.paretoRank(), scores.psnr(), scores.ssim(), scores.bicubicPsnr(),
                        scores.bicubicSsim()));
            }
        }
        for (ImagePair pair : validation) {
            writePng(root + "/val-bicubic/" + stem(pair.name()) + ".png",
                    MatlabResize.resize(pair.lr(), config.model().scale()));
        }
        String summary = json.append("]\n").toString();
        Storage.writeAtomically(Storage.path(root + "/summary.json"),
                out -> out.write(summary.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        System.out.println("demo: wrote " + config.run().dir() + " (generations, metrics.jsonl), " + root
                + "/val-sr/slot-K/, " + root + "/val-bicubic/ and " + root + "/summary.json");
    }

    /** Writes {@code count} synthetic PNGs into {@code dir} (skipping those already there) and returns it. */
    private static String generate(String dir, int count, long firstSeed) throws IOException {
        for (int i = 0; i < count; i++) {
            Path file = new Path(Storage.path(dir), String.format(Locale.ROOT, "scene%03d.png", i));
            if (!Storage.fs(file).exists(file)) {
                Image image = SyntheticImages.scene(IMAGE_SIDE, IMAGE_SIDE, firstSeed + i);
                writePng(file.toString(), image);
            }
        }
        return dir;
    }

    private static String stem(String name) {
        return name.replaceFirst("\\.[^.]*$", "");
    }

    private static void writePng(String uri, Image image) throws IOException {
        Storage.writeAtomically(Storage.path(uri), out -> ImageCodec.encodePng(image, null, 8, out));
    }
}
