package io.eaadam.common.upscale;

import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.config.OutputFormat;
import io.eaadam.common.json.Json;
import io.eaadam.common.store.ModelCard;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code <output>/.eaadam-upscale-job.json}: what makes the outputs of an upscale folder, the model (its
 * weights' sha256 and its architecture) and the settings that change an output's pixels or encoding. A
 * rerun skips only outputs written since the file last changed, so outputs of another model or other
 * settings are never taken for done.
 */
public record UpscaleJob(String format, String modelSha256, ModelCard.Architecture architecture,
        OutputFormat outputFormat, int quality, int tile, int overlap, int pngCompression) {

    public static final String FORMAT = "eaadam-upscale-job/1";
    public static final String FILE = ".eaadam-upscale-job.json";

    public static UpscaleJob of(String modelSha256, EaAdamConfig.Model model, EaAdamConfig.Upscale settings) {
        return new UpscaleJob(FORMAT, modelSha256, ModelCard.Architecture.of(model), settings.format(),
                settings.quality(), settings.tile(), settings.overlap(), settings.pngCompression());
    }

    public static UpscaleJob read(String text, String origin) throws IOException {
        return Json.read(text, UpscaleJob.class, FORMAT, origin, Json.NO_OLDER_FORMATS);
    }

    /** What differs from {@code asked}, as "name was (asked: now)"; empty for the same job. */
    public List<String> differences(UpscaleJob asked) {
        List<String> differences = new ArrayList<>();
        differ(differences, "model sha256", modelSha256, asked.modelSha256);
        differ(differences, "architecture", architecture, asked.architecture);
        differ(differences, "format", outputFormat, asked.outputFormat);
        if (outputFormat == OutputFormat.JPEG || asked.outputFormat == OutputFormat.JPEG) {
            differ(differences, "quality", quality, asked.quality);
        }
        differ(differences, "tile", tile, asked.tile);
        differ(differences, "overlap", overlap, asked.overlap);
        differ(differences, "png-compression", pngCompression, asked.pngCompression);
        return differences;
    }

    private static void differ(List<String> differences, String name, Object was, Object asked) {
        if (!Objects.equals(was, asked)) {
            differences.add(name + " " + was + " (asked: " + asked + ")");
        }
    }
}
