package io.eaadam.jobs.evaluate;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.data.BenchmarkFolder;
import io.eaadam.common.fs.Storage;
import io.eaadam.worker.eval.Evaluation;

import org.apache.spark.api.java.JavaSparkContext;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code evaluate}: scores models on a benchmark, one Spark task per model, and writes the table as
 * {@code evaluation.json} and {@code evaluation.csv}, with MATLAB bicubic as the first row.
 */
public final class EvaluationDriver {

    public static final String JSON = "evaluation.json";
    public static final String CSV = "evaluation.csv";

    private final JavaSparkContext spark;
    private final EaAdamConfig.DeviceSettings device;

    public EvaluationDriver(JavaSparkContext spark, EaAdamConfig.DeviceSettings device) {
        this.spark = spark;
        this.device = device;
    }

    /** Scores each model (name to architecture with its weights as init-weights), in the map's order. */
    public List<ModelEvaluationTask.Scores> evaluate(BenchmarkFolder benchmark, Map<String, EaAdamConfig.Model> models) {
        List<ModelEvaluationTask> tasks = new ArrayList<>();
        models.forEach((name, model) -> tasks.add(new ModelEvaluationTask(name, model, benchmark, device)));
        spark.setJobGroup("evaluate", String.format(Locale.ROOT, "evaluate / %s / %d models: %s", benchmark.name(),
                tasks.size(), String.join(", ", models.keySet())), false);
        return spark.parallelize(tasks, tasks.size()).map(ModelEvaluationTask::run).collect();
    }

    /** The averages as a model card's metrics. */
    public static Map<String, Double> metrics(Evaluation.Result result) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("psnr_y", result.psnr());
        metrics.put("ssim_y", result.ssim());
        return metrics;
    }

    /** Writes {@code evaluation.json} and {@code evaluation.csv} into {@code folder}; returns the table text. */
    public static String write(String folder, BenchmarkFolder benchmark, List<ModelEvaluationTask.Scores> scores)
            throws IOException {
        JsonObject json = new JsonObject();
        json.addProperty("benchmark", benchmark.name());
        json.addProperty("hr", benchmark.hr());
        json.addProperty("lr", benchmark.lr());
        JsonArray models = new JsonArray();
        StringBuilder csv = new StringBuilder("benchmark,model,weights,psnr_y,ssim_y,lpips\n");
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-24s %8s %8s%n", benchmark.name(),
                "PSNR-Y", "SSIM-Y"));
        List<Row> rows = new ArrayList<>();
        if (!scores.isEmpty()) {
            Evaluation.Result any = scores.get(0).result();
            List<Evaluation.ImageScore> bicubic = any.images().stream().map(i -> new Evaluation.ImageScore(i.name(),
                    i.bicubicPsnr(), i.bicubicSsim(), i.bicubicPsnr(), i.bicubicSsim())).toList();
            rows.add(new Row("bicubic", null, any.bicubicPsnr(), any.bicubicSsim(), bicubic));
        }
        for (ModelEvaluationTask.Scores s : scores) {
            rows.add(new Row(s.name(), s.weights(), s.result().psnr(), s.result().ssim(), s.result().images()));
        }
        for (Row row : rows) {
            JsonObject model = new JsonObject();
            model.addProperty("name", row.name());
            model.addProperty("model", row.weights());
            model.addProperty("psnr_y", row.psnr());
            model.addProperty("ssim_y", row.ssim());
            model.add("lpips", JsonNull.INSTANCE);
            JsonArray images = new JsonArray();
            for (Evaluation.ImageScore image : row.images()) {
                JsonObject entry = new JsonObject();
                entry.addProperty("name", image.name());
                entry.addProperty("psnr_y", image.psnr());
                entry.addProperty("ssim_y", image.ssim());
                entry.add("lpips", JsonNull.INSTANCE);
                images.add(entry);
            }
            model.add("images", images);
            models.add(model);
            csv.append(String.format(Locale.ROOT, "%s,%s,%s,%.6f,%.6f,%n", benchmark.name(), row.name(),
                    row.weights() == null ? "" : row.weights(), row.psnr(), row.ssim()));
            table.append(String.format(Locale.ROOT, "%-24s %8.3f %8.4f%n", row.name(), row.psnr(), row.ssim()));
        }
        json.add("models", models);
        byte[] jsonBytes = new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(json)
                .getBytes(StandardCharsets.UTF_8);
        Storage.writeAtomically(Storage.path(folder + "/" + JSON), out -> out.write(jsonBytes));
        byte[] csvBytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        Storage.writeAtomically(Storage.path(folder + "/" + CSV), out -> out.write(csvBytes));
        return table.toString();
    }

    private record Row(String name, String weights, double psnr, double ssim, List<Evaluation.ImageScore> images) {}
}
