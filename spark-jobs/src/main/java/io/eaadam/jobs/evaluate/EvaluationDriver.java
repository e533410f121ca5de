package io.eaadam.jobs.evaluate;

import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.data.BenchmarkFolder;
import io.eaadam.common.mo.Objectives;
import io.eaadam.common.store.EvaluationReport;
import io.eaadam.jobs.monitor.RunMetrics;
import io.eaadam.jobs.spark.TaskResult;
import io.eaadam.worker.eval.Evaluation;
import io.eaadam.worker.nn.Models;

import org.apache.spark.api.java.JavaSparkContext;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code evaluate}: scores models on a benchmark, one Spark task per model, into the record of
 * {@code evaluation.json} and {@code evaluation.csv} ({@link EvaluationReport}), MATLAB bicubic first.
 */
public final class EvaluationDriver {

    private final JavaSparkContext spark;
    private final EaAdamConfig config;
    private final String lpipsWeights;

    /**
     * @param config its device and image limits (data.max-image-*) apply
     * @param lpipsWeights LPIPS (alex) weights as safetensors, or "" to leave LPIPS out
     */
    public EvaluationDriver(JavaSparkContext spark, EaAdamConfig config, String lpipsWeights) {
        this.spark = spark;
        this.config = config;
        this.lpipsWeights = lpipsWeights;
    }

    /** Scores each model (name to architecture with its weights as init-weights), in the map's order. */
    public List<ModelEvaluationTask.Scores> evaluate(BenchmarkFolder benchmark, Map<String, EaAdamConfig.Model> models)
            throws IOException {
        List<ModelEvaluationTask> tasks = new ArrayList<>();
        for (Map.Entry<String, EaAdamConfig.Model> model : models.entrySet()) {
            Models.check(model.getValue());
            tasks.add(new ModelEvaluationTask(model.getKey(), model.getValue(), benchmark, config.device(),
                    config.data().imageLimits(), lpipsWeights));
        }
        RunMetrics.startPhase(spark, "evaluate", String.format(Locale.ROOT, "evaluate / %s / %d models: %s",
                benchmark.name(), tasks.size(), String.join(", ", models.keySet())), -1, tasks.size(), false);
        return TaskResult.values(spark.parallelize(tasks, tasks.size())
                .map(task -> TaskResult.of(task::run)).collect());
    }

    /**
     * The EA objectives (f1, f2) of each model on {@code run}'s EA set, one Spark task per model, by name in the
     * map's order.
     */
    public Map<String, Objectives> objectives(Map<String, EaAdamConfig.Model> models, EaAdamConfig run)
            throws IOException {
        List<ObjectivesTask> tasks = models.entrySet().stream()
                .map(m -> new ObjectivesTask(m.getKey(), m.getValue(), run)).toList();
        RunMetrics.startPhase(spark, "evaluate", String.format(Locale.ROOT,
                "evaluate / objectives on the EA set / %d models: %s", tasks.size(), String.join(", ", models.keySet())),
                -1, tasks.size(), false);
        List<Objectives> measured = TaskResult.values(spark.parallelize(tasks, tasks.size())
                .map(task -> TaskResult.of(task::run)).collect());
        Map<String, Objectives> byName = new LinkedHashMap<>();
        for (int i = 0; i < tasks.size(); i++) {
            byName.put(tasks.get(i).name(), measured.get(i));
        }
        return byName;
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

    /** The scores as {@code evaluation.json}'s record: bicubic first, then each model, in order. */
    public static EvaluationReport report(BenchmarkFolder benchmark, List<ModelEvaluationTask.Scores> scores) {
        return report(benchmark, scores, Map.of(), Map.of());
    }

    /**
     * @param interpolationAlphas the models on the interpolation line between two experts, by name, to their alpha
     * @param objectives the models' EA objectives, by name, where measured
     */
    public static EvaluationReport report(BenchmarkFolder benchmark, List<ModelEvaluationTask.Scores> scores,
            Map<String, Double> interpolationAlphas, Map<String, Objectives> objectives) {
        List<EvaluationReport.ModelScores> models = new ArrayList<>();
        if (!scores.isEmpty()) {
            Evaluation.Result any = scores.get(0).result();
            models.add(modelScores("bicubic", null, null, null, any.bicubic(), any.images().stream()
                    .map(i -> Map.entry(i.name(), i.bicubic())).toList()));
        }
        for (ModelEvaluationTask.Scores s : scores) {
            models.add(modelScores(s.name(), s.weights(), interpolationAlphas.get(s.name()), objectives.get(s.name()),
                    s.result().model(),
                    s.result().images().stream().map(i -> Map.entry(i.name(), i.model())).toList()));
        }
        return new EvaluationReport(benchmark.name(), benchmark.hr(), benchmark.lr(), models);
    }

    private static EvaluationReport.ModelScores modelScores(String name, String weights, Double interpolationAlpha,
            Objectives objectives, Evaluation.Scores mean, List<Map.Entry<String, Evaluation.Scores>> images) {
        return new EvaluationReport.ModelScores(name, weights, mean.psnr(), mean.ssim(), lpips(mean),
                interpolationAlpha, objectives == null ? null : new double[] {objectives.distortion(),
                    objectives.perception()}, images.stream().map(i -> new EvaluationReport.ImageScores(i.getKey(),
                        i.getValue().psnr(), i.getValue().ssim(), lpips(i.getValue()))).toList());
    }

    private static Double lpips(Evaluation.Scores scores) {
        return Double.isNaN(scores.lpips()) ? null : scores.lpips();
    }
}
