package io.eaadam.jobs;

import com.typesafe.config.Config;

import io.eaadam.common.config.ArchitectureChoice;
import io.eaadam.common.config.ConfigLoader;
import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.data.BenchmarkFolder;
import io.eaadam.common.fs.Storage;
import io.eaadam.common.store.EvaluationReport;
import io.eaadam.common.store.Manifest;
import io.eaadam.common.store.ModelCard;
import io.eaadam.common.store.RunStore;
import io.eaadam.jobs.evaluate.EvaluationDriver;
import io.eaadam.jobs.report.RunReport;
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
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code evaluate}: PSNR/SSIM on Y (and LPIPS with {@code --lpips} weights) of models over a benchmark folder, as
 * a table and as {@code evaluation.json} / {@code evaluation.csv}. Models are files ({@code model.json} cards or
 * safetensors with the architecture options), or a run's slots of one generation and its fused models.
 */
@Command(name = "evaluate", header = "PSNR/SSIM on Y (and LPIPS) of bicubic and models on a benchmark folder.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"PSNR/SSIM on Y (and LPIPS with --lpips) of bicubic and each model on a benchmark folder "
            + "(HR/ or GTmod12/, optional LR_bicubic/X4/ or LRbicx4/): a table, evaluation.json and evaluation.csv."})
final class EvaluateCommand implements Callable<Integer> {

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

    @Override
    public Integer call() throws IOException {
        String runDir = models.run;
        Config raw;
        Map<String, EaAdamConfig.Model> evaluated;
        if (runDir != null) {
            raw = ConfigLoader.resolveRun(runDir, new RunStore(runDir).configText(), null, overrides.list());
            evaluated = runModels(new RunStore(runDir), EaAdamConfig.from(raw).model(), generation);
        } else {
            raw = ConfigLoader.resolve(null, overrides.list());
            evaluated = listedModels(models.list, architecture.choice());
        }
        EaAdamConfig config = EaAdamConfig.from(raw);
        int scale = evaluated.values().iterator().next().scale();
        BenchmarkFolder benchmark = BenchmarkFolder.locate(benchmarkDir, scale);
        String folder = output != null ? output
                : (runDir != null ? runDir + "/evaluation/" : "evaluation/") + benchmark.name();
        EvaluationReport report;
        try (JavaSparkContext spark = SparkSetup.start("eaadam evaluate " + benchmark.name(), raw, runDir)) {
            report = EvaluationDriver.report(benchmark, new EvaluationDriver(spark, config, lpips)
                    .evaluate(benchmark, evaluated));
        }
        report.write(folder);
        System.out.print(report.table());
        if (runDir != null) {
            RunReport.update(config);
        }
        System.out.println("evaluate: wrote " + folder + "/" + EvaluationReport.JSON + " and " + EvaluationReport.CSV);
        return 0;
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
            Integer generation) throws IOException {
        Manifest manifest = generation == null
                ? store.latest().orElseThrow(() -> new IOException(store.runDir() + ": no complete generation"))
                : store.readManifest(generation);
        Map<String, EaAdamConfig.Model> models = new LinkedHashMap<>();
        for (Manifest.Slot slot : manifest.slots()) {
            models.put("slot-" + slot.slot(), model.withWeights(store.uri(slot.generator().path()), slot.generator().sha256()));
        }
        for (Map.Entry<String, String> card : store.fusedModelCards().entrySet()) {
            models.put(card.getKey(), ModelCard.read(card.getValue()).model(card.getValue()));
        }
        return models;
    }
}
