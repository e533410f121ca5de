package io.eaadam.common.store;

import com.google.gson.annotations.SerializedName;

import io.eaadam.common.fs.Storage;
import io.eaadam.common.json.Json;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code evaluation.json} and {@code evaluation.csv} of {@code evaluate}: the mean PSNR-Y, SSIM-Y and LPIPS of
 * MATLAB bicubic (first) and each model on a benchmark, with each image's scores in the JSON.
 *
 * @param hr the benchmark's HR folder; {@code lr} its LR folder, "" when LR images were made by bicubic
 */
public record EvaluationReport(String format, String benchmark, String hr, String lr, List<ModelScores> models) {

    public static final String FORMAT = "eaadam-evaluation/1";
    public static final String JSON = "evaluation.json";
    public static final String CSV = "evaluation.csv";

    /**
     * @param weights the model's weights file; null for bicubic
     * @param lpips null where LPIPS was not measured
     * @param interpolationAlpha where the model lies on the network-interpolation line from the distortion expert
     *     (0) to the perception expert (1), both ends included; null for models off the line (and in evaluations
     *     written before it existed: an optional key, so the format stayed)
     * @param objectives f1 (L1) and f2 (perceptual) on the run's EA set, as the EA measures its slots, for the
     *     experts, the interpolation line and the fused models of {@code evaluate --interpolation}; null
     *     elsewhere (an optional key too)
     */
    public record ModelScores(String name,
            // evaluation.json written before formats were versioned calls it model
            @SerializedName(value = "weights", alternate = "model") String weights,
            double psnrY, double ssimY, Double lpips, Double interpolationAlpha, double[] objectives,
            List<ImageScores> images) {}

    public record ImageScores(String name, double psnrY, double ssimY, Double lpips) {}

    public EvaluationReport(String benchmark, String hr, String lr, List<ModelScores> models) {
        this(FORMAT, benchmark, hr, lr, models);
    }

    /** Writes {@code evaluation.json} and {@code evaluation.csv} (one row per model, the JSON's keys) into {@code folder}. */
    public void write(String folder) throws IOException {
        byte[] json = Json.write(this).getBytes(StandardCharsets.UTF_8);
        Storage.writeAtomically(Storage.path(folder + "/" + JSON), out -> out.write(json));
        StringBuilder csv = new StringBuilder("benchmark,name,weights,psnr_y,ssim_y,lpips,interpolation_alpha,f1,f2\n");
        for (ModelScores model : models) {
            csv.append(String.format(Locale.ROOT, "%s,%s,%s,%.6f,%.6f,%s,%s,%s,%s%n", benchmark, model.name(),
                    model.weights() == null ? "" : model.weights(), model.psnrY(), model.ssimY(), number(model.lpips()),
                    number(model.interpolationAlpha()), number(model.objectives() == null ? null : model.objectives()[0]),
                    number(model.objectives() == null ? null : model.objectives()[1])));
        }
        byte[] csvBytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        Storage.writeAtomically(Storage.path(folder + "/" + CSV), out -> out.write(csvBytes));
    }

    /** Six decimals, or "" for a value not measured. */
    private static String number(Double value) {
        return value == null ? "" : String.format(Locale.ROOT, "%.6f", value);
    }

    /** The means as a table for a terminal. */
    public String table() {
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-28s %8s %8s %8s%n", benchmark, "PSNR-Y",
                "SSIM-Y", "LPIPS"));
        for (ModelScores model : models) {
            table.append(String.format(Locale.ROOT, "%-28s %8.3f %8.4f %8s%n", model.name(), model.psnrY(),
                    model.ssimY(), model.lpips() == null ? "-" : String.format(Locale.ROOT, "%.4f", model.lpips())));
        }
        return table.toString();
    }

    /** Reads {@code evaluation.json}; one written before formats were versioned reads the same. */
    public static EvaluationReport read(String path) throws IOException {
        String text;
        try {
            text = new String(Storage.readAll(Storage.path(path)), StandardCharsets.UTF_8);
        } catch (FileNotFoundException e) {
            throw new FileNotFoundException(path + ": no such evaluation");
        }
        return Json.read(text, EvaluationReport.class, FORMAT, path, Map.of(Json.UNVERSIONED, Json.GSON));
    }
}
