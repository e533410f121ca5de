package io.eaadam.jobs;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;

import com.typesafe.config.Config;

import io.eaadam.common.config.ConfigLoader;
import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.data.BenchmarkFolder;
import io.eaadam.common.data.ImagePair;
import io.eaadam.common.data.PairLoader;
import io.eaadam.common.fs.Storage;
import io.eaadam.common.image.Image;
import io.eaadam.common.image.ImageCodec;
import io.eaadam.common.image.MatlabResize;
import io.eaadam.common.image.SyntheticImages;
import io.eaadam.common.store.EvaluationReport;
import io.eaadam.common.store.Manifest;
import io.eaadam.common.store.ModelCard;
import io.eaadam.common.store.RunStore;
import io.eaadam.jobs.evaluate.EvaluationDriver;
import io.eaadam.jobs.evaluate.ModelEvaluationTask;
import io.eaadam.jobs.fuse.FusionDriver;
import io.eaadam.jobs.report.RunReport;
import io.eaadam.jobs.monitor.ProgressDisplay;
import io.eaadam.jobs.spark.SparkSetup;
import io.eaadam.jobs.train.EaAdamDriver;
import io.eaadam.worker.cli.ConfigOptions;
import io.eaadam.worker.infer.Upscaler;
import io.eaadam.worker.nn.Generator;
import io.eaadam.worker.nn.Models;
import io.eaadam.worker.runtime.Devices;
import io.eaadam.worker.runtime.TorchRuntime;

import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code demo}: EA-Adam end to end on a fresh machine, on the CPU. Generates training and validation
 * images (unless the config names folders), trains the L1 warm-start model (the authors' stage 0), runs a
 * population of 5 through Adam and EA phases on Spark local mode, fuses the experts into one model, and
 * reports each slot's objectives, the Pareto front, and PSNR/SSIM of bicubic, every slot and the fused
 * model, with their upscaled validation images.
 * A second call reuses what the first finished (the run resumes).
 */
@Command(name = "demo", header = "Trains, fuses and evaluates a small EA-Adam population on generated images, on the CPU.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"EA-Adam end to end on the CPU in about ten minutes: generated images, the L1 warm start, a "
            + "population of 5 through Adam and EA phases, fusion, and PSNR/SSIM of bicubic, every slot and the fused "
            + "model. A second call reports without training again."})
final class DemoCommand implements Callable<Integer> {

    private static final int TRAIN_IMAGES = 24;
    private static final int VAL_IMAGES = 4;
    private static final int IMAGE_SIDE = 192;

    @Mixin
    ConfigOptions configOptions;

    @Mixin
    ProgressOptions progress;

    @Override
    public Integer call() throws IOException {
        String confFile = configOptions.conf() == null ? "demo" : configOptions.conf();
        List<String> overrides = new ArrayList<>(configOptions.overrides());
        EaAdamConfig given = ConfigLoader.load(confFile, overrides);
        String root = given.run().dir();
        if (given.data().trainHr().isBlank()) {
            overrides.add(ConfigLoader.override("data.train-hr", generate(root + "/data/train", TRAIN_IMAGES, 0)));
            overrides.add(ConfigLoader.override("data.val-hr", generate(root + "/data/val", VAL_IMAGES, 1000)));
        }
        String population = root + "/population";
        overrides.add(ConfigLoader.override("run.dir", population));
        Config runConfig = ConfigLoader.resolve(confFile, overrides);
        EaAdamConfig config = EaAdamConfig.from(runConfig);
        TorchRuntime.setThreads(config.device().threads());
        Device device = Devices.choose(config.device().type());
        System.out.printf(Locale.ROOT, "demo: stages 0 and 1, the L1 warm start (%d steps) and EA-Adam with a "
                + "population of %d in %s%n", config.schedule().warmStartSteps(), config.population().size(), population);
        Manifest last;
        ModelCard fused;
        Map<String, EaAdamConfig.Model> models = new LinkedHashMap<>();
        List<ModelEvaluationTask.Scores> scores;
        try (JavaSparkContext spark = SparkSetup.start("eaadam demo", runConfig, population);
                ProgressDisplay shown = progress.show()) {
            boolean resume = new RunStore(population).latest().isPresent();
            String configText = ConfigLoader.renderRun(runConfig);
            last = new EaAdamDriver(config, configText, spark).run(resume);

            List<Integer> experts = new ArrayList<>();
            last.slots().forEach(slot -> experts.add(slot.slot()));
            String fusionDir = FusionDriver.defaultFolder(population, last, experts);
            System.out.printf(Locale.ROOT, "demo: stages 2 and 3, fusion of the %d experts in %s%n", experts.size(),
                    fusionDir);
            fused = new FusionDriver(config, spark).run(population, last, experts, fusionDir, configText);

            RunStore store = new RunStore(population);
            for (Manifest.Slot slot : last.slots()) {
                models.put("slot-" + slot.slot(), config.model().withWeights(store.uri(slot.generator().path()),
                        slot.generator().sha256()));
            }
            models.put("fused", fused.model(fusionDir + "/" + ModelCard.FILE_NAME));
            scores = new EvaluationDriver(spark, config, "").evaluate(validation(config), models);
        }
        report(config, last, models, scores, device, root);
        return 0;
    }

    private static BenchmarkFolder validation(EaAdamConfig config) {
        return new BenchmarkFolder("validation", config.data().valHr(), config.data().valLr());
    }

    /**
     * Each slot's objectives and Pareto rank, the evaluation table (bicubic, every slot, the fused model)
     * in {@code <run>/evaluation/}, and every model's upscaled validation images.
     */
    private static void report(EaAdamConfig config, Manifest last, Map<String, EaAdamConfig.Model> models,
            List<ModelEvaluationTask.Scores> scores, Device device, String root) throws IOException {
        System.out.printf(Locale.ROOT, "demo: generation %d, Pareto front %s, hypervolume %.4g%n", last.generation(),
                last.paretoFront(), last.hypervolume());
        System.out.print(last.objectivesTable());
        String evaluation = config.run().dir() + "/evaluation/" + validation(config).name();
        EvaluationReport report = EvaluationDriver.report(validation(config), scores);
        report.write(evaluation);
        System.out.print(report.table());
        RunReport.update(config);

        List<ImagePair> images = new PairLoader(config.model().scale(), config.data().imageLimits())
                .loadAll(config.data().valHr(), config.data().valLr(), 4 * config.model().scale(), 0).pairs();
        try (NDManager manager = NDManager.newBaseManager(device, TorchRuntime.ENGINE)) {
            for (ModelEvaluationTask.Scores model : scores) {
                try (Generator generator = Models.generator(models.get(model.name()), manager, 0)) {
                    Upscaler upscaler = new Upscaler(generator);
                    for (ImagePair pair : images) {
                        writePng(root + "/val-sr/" + model.name() + "/" + stem(pair.name()) + ".png",
                                upscaler.upscale(pair.lr()));
                    }
                }
            }
        }
        for (ImagePair pair : images) {
            writePng(root + "/val-sr/bicubic/" + stem(pair.name()) + ".png",
                    MatlabResize.resize(pair.lr(), config.model().scale()));
        }
        System.out.println("demo: wrote " + config.run().dir() + " (generations, metrics.jsonl, fused/, evaluation/, "
                + RunReport.FILE + ") and "
                + root + "/val-sr/ (bicubic, each slot, fused)");
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
