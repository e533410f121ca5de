package io.eaadam.common.store;

import com.google.gson.Gson;

import io.eaadam.common.json.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A JSON Lines file of a run's folder ({@code metrics.jsonl}): one record of {@code format} per line, in
 * order. Appending rewrites the file whole and atomically (object stores have no append); the files are
 * small. Lines are kept as they were written, so older formats stay as they are.
 */
public final class JsonLinesFile<T> {

    private final RunStore store;
    private final String name;
    private final Class<T> type;
    private final String format;
    private final Map<String, Gson> older;
    private final List<String> lines = new ArrayList<>();

    /** Reads {@code name} of {@code store}, if it exists; see {@link Json#read} for {@code older}. */
    public JsonLinesFile(RunStore store, String name, Class<T> type, String format, Map<String, Gson> older)
            throws IOException {
        this.store = store;
        this.name = name;
        this.type = type;
        this.format = format;
        this.older = older;
        store.readText(name).ifPresent(text -> text.lines().filter(l -> !l.isBlank()).forEach(lines::add));
    }

    public List<T> records() throws IOException {
        List<T> records = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            records.add(Json.read(lines.get(i), type, format, store.uri(name) + ":" + (i + 1), older));
        }
        return records;
    }

    /** Keeps the lines whose records {@code keep} accepts (rewritten with the next {@link #append}). */
    public void retain(Predicate<T> keep) throws IOException {
        List<T> records = records();
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (keep.test(records.get(i))) {
                kept.add(lines.get(i));
            }
        }
        lines.clear();
        lines.addAll(kept);
    }

    public void append(T record) throws IOException {
        lines.add(Json.line(record));
        store.writeText(name, String.join("\n", lines) + "\n");
    }
}
