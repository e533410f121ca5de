package io.eaadam.jobs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;

import io.eaadam.common.cli.Args;
import io.eaadam.common.cli.UsageError;
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
import io.eaadam.worker.cli.Command;
import io.eaadam.worker.cli.ModelOptions;

import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code evaluate}: PSNR/SSIM on Y (and LPIPS with {@code --lpips} weights) of models over a benchmark folder, as a table and as
 * {@code evaluation.json} / {@code evaluation.csv}. Models are files ({@code model.json} cards or
 * safetensors with the architecture options), or a run's slots of one generation and its fused models.
 */
final class EvaluateCommand implements Command {

    @Override
    public String name() {
        return "evaluate";
    }

    @Override
    public String usage() {
        return "evaluate --benchmark DIR (--models [NAME=]FILE[,...] | --run RUN_DIR [--generation N]) "
                + "[--output DIR] [--lpips LPIPS_ALEX.safetensors] [--arch srresnet|rrdb] [--scale 4] [--num-feat 64] [--num-block 16|23] "
                + "[-Dkey=value ...]";
    }

    @Override
    public int run(String[] argv) throws IOException {
        Args args = Args.parse(name(), argv, Set.of());
        String benchmarkDir = args.required("benchmark");
        String modelList = args.optional("models", null);
        String runDir = args.optional("run", null);
        int generation = args.intOption("generation", -1);
        String output = args.optional("output", null);
        String lpips = args.optional("lpips", "");
        EaAdamConfig.Model architecture = ModelOptions.read(args);
        args.checkAllRead();
        if ((modelList == null) == (runDir == null)) {
            throw new UsageError("evaluate: give either --models or --run");
        }
        Config raw;
        Map<String, EaAdamConfig.Model> models;
        if (runDir != null) {
            RunStore store = new RunStore(runDir);
            String stored = store.readText("config.conf").orElseThrow(() -> new IOException(runDir
                    + ": no config.conf; expected the folder of a run made by ./eaadam train or demo"));
            raw = ConfigLoader.resolve(stored, store.uri("config.conf"), null, args.overrides())
                    .withValue("eaadam.run.dir", ConfigValueFactory.fromAnyRef(runDir));
            models = runModels(store, EaAdamConfig.from(raw).model(), generation);
        } else {
            raw = ConfigLoader.resolve(null, args.overrides());
            models = listedModels(modelList, architecture);
        }
        EaAdamConfig config = EaAdamConfig.from(raw);
        int scale = models.values().iterator().next().scale();
        BenchmarkFolder benchmark = BenchmarkFolder.locate(benchmarkDir, scale);
        String folder = output != null ? output
                : (runDir != null ? runDir + "/evaluation/" : "evaluation/") + benchmark.name();
        EvaluationReport report;
        try (JavaSparkContext spark = SparkSetup.start("eaadam evaluate " + benchmark.name(), raw, runDir)) {
            report = EvaluationDriver.report(benchmark, new EvaluationDriver(spark, config.device(), lpips)
                    .evaluate(benchmark, models));
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
    private static Map<String, EaAdamConfig.Model> listedModels(String list, EaAdamConfig.Model architecture)
            throws IOException {
        Map<String, EaAdamConfig.Model> models = new LinkedHashMap<>();
        for (String item : list.split(",")) {
            int eq = item.indexOf('=');
            String file = item.substring(eq + 1).trim();
            Path path = Storage.path(file);
            String name = eq > 0 ? item.substring(0, eq).trim()
                    : file.endsWith(".json") ? path.getParent().getName() : path.getName().replaceFirst("\\.[^.]*$", "");
            if (models.put(name, ModelCard.modelAt(file, architecture)) != null) {
                throw new UsageError("evaluate: two models named '" + name + "'; name them with NAME=FILE");
            }
        }
        return models;
    }

    /** Every slot of the generation ({@code slot-K}) and every fused model of the run ({@code fused/NAME}). */
    private static Map<String, EaAdamConfig.Model> runModels(RunStore store, EaAdamConfig.Model model, int generation)
            throws IOException {
        Manifest manifest = generation < 0
                ? store.latest().orElseThrow(() -> new IOException(store.runDir() + ": no complete generation"))
                : store.readManifest(generation);
        Map<String, EaAdamConfig.Model> models = new LinkedHashMap<>();
        for (Manifest.Slot slot : manifest.slots()) {
            models.put("slot-" + slot.slot(), ModelCard.Architecture.of(model).toModel(store.uri(slot.generator().path())));
        }
        for (Map.Entry<String, String> card : store.fusedModelCards().entrySet()) {
            models.put(card.getKey(), ModelCard.modelAt(card.getValue(), model));
        }
        return models;
    }
}
