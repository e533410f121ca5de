package io.eaadam.common.store;

import com.google.gson.Gson;

import io.eaadam.common.json.Json;

import java.io.IOException;
import java.util.Map;

/** One line of a fusion's {@code metrics.jsonl}: the mean losses of one epoch of fusion training. */
public record FusionMetrics(String format, int epoch, long steps, double l1, double perceptual, double adversarial,
        double discriminator) {

    public static final String FORMAT = "eaadam-fusion-metrics/1";
    /** Lines written before formats were versioned have the same keys. */
    private static final Map<String, Gson> OLDER = Map.of(Json.UNVERSIONED, Json.GSON);

    public static FusionMetrics of(int epoch, Losses losses) {
        return new FusionMetrics(FORMAT, epoch, losses.steps(), losses.l1(), losses.perceptual(), losses.adversarial(),
                losses.discriminator());
    }

    /** The fusion folder's metrics file. */
    public static JsonLinesFile<FusionMetrics> file(RunStore fusion) throws IOException {
        return new JsonLinesFile<>(fusion, GenerationMetrics.FILE, FusionMetrics.class, FORMAT, OLDER);
    }
}
