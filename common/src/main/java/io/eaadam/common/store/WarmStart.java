package io.eaadam.common.store;

import io.eaadam.common.json.Json;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * {@code <run>/warm-start.json}: stage 0 as {@code train} ran it, the L1 training every slot starts from when
 * {@code model.init-weights} is empty. A restarted run reuses it when it was made with the same configuration.
 *
 * @param steps the L1 steps trained ({@code schedule.warm-start-steps})
 * @param configSha256 the sha256 of the run's configuration it was trained under
 * @param weights the trained generator, {@value #WEIGHTS}
 * @param losses the L1 loss per {@code schedule.log-every} steps
 */
public record WarmStart(String format, int steps, String configSha256, Manifest.FileRef weights, double seconds,
        List<Losses> losses, Placement placement) {

    public static final String FORMAT = "eaadam-warm-start/1";
    public static final String FILE = "warm-start.json";
    public static final String WEIGHTS = "warm-start-l1.safetensors";

    public static Optional<WarmStart> read(RunStore store) throws IOException {
        Optional<String> text = store.readText(FILE);
        return text.isEmpty() ? Optional.empty()
                : Optional.of(Json.read(text.get(), WarmStart.class, FORMAT, store.uri(FILE), Json.NO_OLDER_FORMATS));
    }

    public void write(RunStore store) throws IOException {
        store.writeText(FILE, Json.write(this));
    }

    /** The last logged L1 loss; NaN when nothing was logged. */
    public double finalL1() {
        return losses.isEmpty() ? Double.NaN : losses.get(losses.size() - 1).l1();
    }
}
