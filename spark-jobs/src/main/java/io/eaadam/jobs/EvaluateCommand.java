package io.eaadam.jobs;

import com.typesafe.config.Config;

import io.eaadam.common.config.ArchitectureChoice;
import io.eaadam.common.config.ConfigLoader;
import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.data.BenchmarkFolder;
import io.eaadam.common.fs.Storage;
import io.eaadam.common.genome.NetworkInterpolation;
import io.eaadam.common.mo.Objectives;
import io.eaadam.common.store.EvaluationReport;
import io.eaadam.common.store.InterpolatedModels;
import io.eaadam.common.store.Manifest;
import io.eaadam.common.store.ModelCard;
import io.eaadam.common.store.RunStore;
import io.eaadam.jobs.evaluate.EvaluationDriver;
import io.eaadam.jobs.evaluate.ModelEvaluationTask;
import io.eaadam.jobs.report.RunReport;
import io.eaadam.jobs.monitor.ProgressDisplay;
import io.eaadam.jobs.spark.SparkSetup;
import io.eaadam.worker.cli.ArchitectureOptions;
import io.eaadam.worker.cli.Overrides;
import io.eaadam.worker.cli.UsageError;

import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code evaluate}: PSNR/SSIM on Y (and LPIPS with {@code --lpips} weights) of models over a benchmark folder, as
 * a table and as {@code evaluation.json} / {@code evaluation.csv}. Models are files ({@code model.json} cards or
 * safetensors with the architecture options), or a run's slots of one generation and its fused models, and on request
 * models on the network-interpolation line between the generation's distortion and perception experts (the baseline
 * fusion is compared against).
 */
@Command(name = "evaluate", header = "PSNR/SSIM on Y (and LPIPS) of bicubic and models on a benchmark folder.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"PSNR/SSIM on Y (and LPIPS with --lpips) of bicubic and each model on a benchmark folder "
            + "(HR/ or GTmod12/, optional LR_bicubic/X4/ or LRbicx4/): a table, evaluation.json and evaluation.csv."})
final class EvaluateCommand implements Callable<Integer> {

    /** Models on the interpolation line are named by their alpha to two decimals: 99 stay distinct. */
    private static final int MAX_INTERPOLATION = 99;

    @Option(names = "--benchmark", required = true, paramLabel = "DIR", description = "Set5, Set14, B100, ... or yours.")
    String benchmarkDir;

    /** The models: files, or a run's. */
    static final class ModelSource {
        @Option(names = "--models", required = true, paramLabel = "MODEL,...",
                description = "[NAME=]FILE, comma-separated: model cards (model.json) or safetensors files.")
        String list;

        @Option(names = "--run", required = true, paramLabel = "RUN",
                description = "Every slot of a generation of RUN and every fused model of RUN.")
        String run;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    ModelSource models;

    @Option(names = "--generation", paramLabel = "N", description = "With --run: the generation (default: the newest).")
    Integer generation;

    @Option(names = "--interpolation", paramLabel = "K", defaultValue = "0",
            description = "With --run: also K models on the network interpolation from slot 0 (distortion expert) to "
                    + "the last slot (perception expert), at alphas 1/(K+1) ... K/(K+1), named interp-ALPHA, written "
                    + "to OUTPUT/interpolation/.")
    int interpolation;

    @Option(names = "--output", paramLabel = "DIR",
            description = "Default: RUN/evaluation/BENCHMARK, or evaluation/BENCHMARK.")
    String output;

    @Option(names = "--lpips", paramLabel = "FILE", defaultValue = "",
            description = "LPIPS (alex, v0.1) weights as safetensors (tools/convert_pth.py converts lpips' file).")
    String lpips;

    @Mixin
    ArchitectureOptions architecture;

    @Mixin
    Overrides overrides;

    @Mixin
    ProgressOptions progress;

    @Override
    public Integer call() throws IOException {
        String runDir = models.run;
        if (interpolation < 0 || interpolation > MAX_INTERPOLATION) {
            throw new UsageError("--interpolation " + interpolation + ": expected 0 to " + MAX_INTERPOLATION
                    + " (the models are named by their alpha to two decimals)");
        }
        if (interpolation > 0 && runDir == null) {
            throw new UsageError("--interpolation needs --run: the line runs between a run's experts");
        }
        Config raw;
        Map<String, EaAdamConfig.Model> evaluated;
        RunStore store = null;
        Manifest manifest = null;
        if (runDir != null) {
            store = new RunStore(runDir);
            raw = ConfigLoader.resolveRun(runDir, store.configText(), null, overrides.list());
            manifest = generation == null
                    ? store.latest().orElseThrow(() -> new IOException(runDir + ": no complete generation"))
                    : store.readManifest(generation);
            evaluated = runModels(store, EaAdamConfig.from(raw).model(), manifest);
        } else {
            raw = ConfigLoader.resolve(null, overrides.list());
            evaluated = listedModels(models.list, architecture.choice());
        }
        EaAdamConfig config = EaAdamConfig.from(raw);
        int scale = evaluated.values().iterator().next().scale();
        BenchmarkFolder benchmark = BenchmarkFolder.locate(benchmarkDir, scale);
        String folder = output != null ? output
                : (runDir != null ? runDir + "/evaluation/" : "evaluation/") + benchmark.name();
        Map<String, Double> interpolationAlphas = interpolation == 0 ? Map.of()
                : addInterpolation(store, manifest, config.model(), folder + "/interpolation", evaluated);
        EvaluationReport report;
        try (JavaSparkContext spark = SparkSetup.start("eaadam evaluate " + benchmark.name(), raw, runDir);
                ProgressDisplay shown = progress.show()) {
            EvaluationDriver driver = new EvaluationDriver(spark, config, lpips);
            List<ModelEvaluationTask.Scores> scores = driver.evaluate(benchmark, evaluated);
            Map<String, Objectives> objectives = interpolation == 0 ? Map.of()
                    : objectives(driver, manifest, evaluated, config);
            report = EvaluationDriver.report(benchmark, scores, interpolationAlphas, objectives);
        }
        report.write(folder);
        System.out.print(report.table());
        if (runDir != null) {
            RunReport.update(config);
        }
        System.out.println("evaluate: wrote " + folder + "/" + EvaluationReport.JSON + " and " + EvaluationReport.CSV);
        return 0;
    }

    /**
     * Every model's EA objectives, for the report to place the interpolation line among the experts in the (f1, f2)
     * plane: the slots' from the manifest, the others measured on the run's EA set as the EA measures a slot.
     */
    private static Map<String, Objectives> objectives(EvaluationDriver driver, Manifest manifest,
            Map<String, EaAdamConfig.Model> models, EaAdamConfig run) throws IOException {
        Map<String, Objectives> objectives = new LinkedHashMap<>();
        for (Manifest.Slot slot : manifest.slots()) {
            objectives.put("slot-" + slot.slot(), new Objectives(slot.objectives()[0], slot.objectives()[1]));
        }
        Map<String, EaAdamConfig.Model> others = new LinkedHashMap<>(models);
        others.keySet().removeAll(objectives.keySet());
        objectives.putAll(driver.objectives(others, run));
        return objectives;
    }

    /** {@code [NAME=]FILE,...}: a card's name is its folder's, a safetensors file's its stem. */
    private static Map<String, EaAdamConfig.Model> listedModels(String list, ArchitectureChoice architecture)
            throws IOException {
        Map<String, EaAdamConfig.Model> models = new LinkedHashMap<>();
        for (String item : list.split(",")) {
            int eq = item.indexOf('=');
            String file = item.substring(eq + 1).trim();
            Path path = Storage.path(file);
            String name = eq > 0 ? item.substring(0, eq).trim()
                    : file.endsWith(".json") ? path.getParent().getName() : path.getName().replaceFirst("\\.[^.]*$", "");
            if (models.put(name, ModelCard.modelAt(file, architecture)) != null) {
                throw new UsageError("two models named '" + name + "'; name them with NAME=FILE");
            }
        }
        return models;
    }

    /** Every slot of the generation ({@code slot-K}) and every fused model of the run ({@code fused/NAME}). */
    private static Map<String, EaAdamConfig.Model> runModels(RunStore store, EaAdamConfig.Model model,
            Manifest manifest) throws IOException {
        Map<String, EaAdamConfig.Model> models = new LinkedHashMap<>();
        for (Manifest.Slot slot : manifest.slots()) {
            models.put("slot-" + slot.slot(), model.withWeights(store.uri(slot.generator().path()), slot.generator().sha256()));
        }
        for (Map.Entry<String, String> card : store.fusedModelCards().entrySet()) {
            models.put(card.getKey(), ModelCard.read(card.getValue()).model(card.getValue()));
        }
        return models;
    }

    /**
     * Writes the {@code --interpolation} models between the generation's first slot (distortion expert) and last
     * (perception expert) into {@code folder} and adds them to {@code models} as {@code interp-ALPHA}.
     *
     * @return every model on the line, both experts included, to its alpha
     */
    private Map<String, Double> addInterpolation(RunStore store, Manifest manifest, EaAdamConfig.Model model,
            String folder, Map<String, EaAdamConfig.Model> models) throws IOException {
        Manifest.Slot distortion = manifest.slots().get(0);
        Manifest.Slot perception = manifest.slots().get(manifest.slots().size() - 1);
        Map<Double, String> cards = InterpolatedModels.between(end(store, distortion, model),
                end(store, perception, model)).write(NetworkInterpolation.between(interpolation), folder);
        Map<String, Double> alphas = new LinkedHashMap<>();
        alphas.put("slot-" + distortion.slot(), 0.0);
        for (Map.Entry<Double, String> card : cards.entrySet()) {
            String name = "interp-" + NetworkInterpolation.label(card.getKey());
            models.put(name, ModelCard.read(card.getValue()).model(card.getValue()));
            alphas.put(name, card.getKey());
        }
        alphas.put("slot-" + perception.slot(), 1.0);
        return alphas;
    }

    private static InterpolatedModels.End end(RunStore store, Manifest.Slot slot, EaAdamConfig.Model model) {
        String weights = store.uri(slot.generator().path());
        return new InterpolatedModels.End(weights, model.withWeights(weights, slot.generator().sha256()));
    }
}
