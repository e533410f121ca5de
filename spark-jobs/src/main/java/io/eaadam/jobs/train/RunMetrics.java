package io.eaadam.jobs.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;

import io.eaadam.common.store.RunStore;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code metrics.jsonl} of a run (one JSON object per phase: losses, objectives, Pareto front,
 * hypervolume, timings) or of a fusion (one per epoch). Rewritten whole after each phase (object stores have no append), small enough for that.
 */
public final class RunMetrics {

    static final String FILE = "metrics.jsonl";
    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

    private final RunStore store;
    private final List<String> lines = new ArrayList<>();

    public RunMetrics(RunStore store) throws IOException {
        this.store = store;
        store.readText(FILE).ifPresent(text -> text.lines().filter(l -> !l.isBlank()).forEach(lines::add));
    }

    /** Keeps the lines of generations up to {@code generation} (a resumed run rewrites later ones). */
    void truncateAfter(int generation) {
        lines.removeIf(line -> GSON.fromJson(line, JsonObject.class).get("generation").getAsInt() > generation);
    }

    public void append(JsonObject record) throws IOException {
        lines.add(GSON.toJson(record));
        store.writeText(FILE, String.join("\n", lines) + "\n");
    }

    public static Gson gson() {
        return GSON;
    }
}
