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
    private final String lpipsWeights;

    /** @param lpipsWeights LPIPS (alex) weights as safetensors, or "" to leave LPIPS out */
    public EvaluationDriver(JavaSparkContext spark, EaAdamConfig.DeviceSettings device, String lpipsWeights) {
        this.spark = spark;
        this.device = device;
        this.lpipsWeights = lpipsWeights;
    }

    /** Scores each model (name to architecture with its weights as init-weights), in the map's order. */
    public List<ModelEvaluationTask.Scores> evaluate(BenchmarkFolder benchmark, Map<String, EaAdamConfig.Model> models) {
        List<ModelEvaluationTask> tasks = new ArrayList<>();
        models.forEach((name, model) -> tasks.add(new ModelEvaluationTask(name, model, benchmark, device, lpipsWeights)));
        spark.setJobGroup("evaluate", String.format(Locale.ROOT, "evaluate / %s / %d models: %s", benchmark.name(),
                tasks.size(), String.join(", ", models.keySet())), false);
        return spark.parallelize(tasks, tasks.size()).map(ModelEvaluationTask::run).collect();
    }

    /** The averages as a model card's metrics. */
    public static Map<String, Double> metrics(Evaluation.Scores scores) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("psnr_y", scores.psnr());
        metrics.put("ssim_y", scores.ssim());
        if (!Double.isNaN(scores.lpips())) {
            metrics.put("lpips", scores.lpips());
        }
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
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-28s %8s %8s %8s%n", benchmark.name(),
                "PSNR-Y", "SSIM-Y", "LPIPS"));
        List<Row> rows = new ArrayList<>();
        if (!scores.isEmpty()) {
            Evaluation.Result any = scores.get(0).result();
            rows.add(new Row("bicubic", null, any.bicubic(), any.images().stream()
                    .map(i -> Map.entry(i.name(), i.bicubic())).toList()));
        }
        for (ModelEvaluationTask.Scores s : scores) {
            rows.add(new Row(s.name(), s.weights(), s.result().model(), s.result().images().stream()
                    .map(i -> Map.entry(i.name(), i.model())).toList()));
        }
        for (Row row : rows) {
            JsonObject model = scoresJson(row.mean());
            model.addProperty("name", row.name());
            model.addProperty("model", row.weights());
            JsonArray images = new JsonArray();
            for (Map.Entry<String, Evaluation.Scores> image : row.images()) {
                JsonObject entry = scoresJson(image.getValue());
                entry.addProperty("name", image.getKey());
                images.add(entry);
            }
            model.add("images", images);
            models.add(model);
            String lpips = Double.isNaN(row.mean().lpips()) ? "" : String.format(Locale.ROOT, "%.6f", row.mean().lpips());
            csv.append(String.format(Locale.ROOT, "%s,%s,%s,%.6f,%.6f,%s%n", benchmark.name(), row.name(),
                    row.weights() == null ? "" : row.weights(), row.mean().psnr(), row.mean().ssim(), lpips));
            table.append(String.format(Locale.ROOT, "%-28s %8.3f %8.4f %8s%n", row.name(), row.mean().psnr(),
                    row.mean().ssim(), lpips.isEmpty() ? "-" : lpips.substring(0, Math.min(6, lpips.length()))));
        }
        json.add("models", models);
        byte[] jsonBytes = new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(json)
                .getBytes(StandardCharsets.UTF_8);
        Storage.writeAtomically(Storage.path(folder + "/" + JSON), out -> out.write(jsonBytes));
        byte[] csvBytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        Storage.writeAtomically(Storage.path(folder + "/" + CSV), out -> out.write(csvBytes));
        return table.toString();
    }

    private static JsonObject scoresJson(Evaluation.Scores scores) {
        JsonObject json = new JsonObject();
        json.addProperty("psnr_y", scores.psnr());
        json.addProperty("ssim_y", scores.ssim());
        if (Double.isNaN(scores.lpips())) {
            json.add("lpips", JsonNull.INSTANCE);
        } else {
            json.addProperty("lpips", scores.lpips());
        }
        return json;
    }

    private record Row(String name, String weights, Evaluation.Scores mean,
            List<Map.Entry<String, Evaluation.Scores>> images) {}
}
