package io.eaadam.common.upscale;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import io.eaadam.common.fs.Storage;

import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The report of an upscale run, written atomically as {@code upscale-report.json} (totals and one
 * object per input) and {@code upscale-report.csv} (one row per input, RFC 4180 quoting).
 */
public final class UpscaleReport {

    public static final String JSON = "upscale-report.json";
    public static final String CSV = "upscale-report.csv";
    private static final String CSV_HEADER = "input,output,status,input_bytes,input_width,input_height,"
            + "output_bytes,output_width,output_height,seconds,reason";

    private final List<UpscaleRecord> records;

    public UpscaleReport(List<UpscaleRecord> records) {
        this.records = records.stream().sorted(Comparator.comparing(UpscaleRecord::input)).toList();
    }

    public List<UpscaleRecord> records() {
        return records;
    }

    public long count(String status) {
        return records.stream().filter(r -> r.status().equals(status)).count();
    }

    /** Writes both files into {@code dir}. */
    public void write(Path dir) throws IOException {
        Gson gson = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
        JsonObject root = new JsonObject();
        root.addProperty("ok", count(UpscaleRecord.OK));
        root.addProperty("skipped", count(UpscaleRecord.SKIPPED));
        root.addProperty("failed", count(UpscaleRecord.FAILED));
        root.addProperty("output_megapixels", records.stream().mapToLong(UpscaleRecord::outputPixels).sum() / 1e6);
        JsonArray items = new JsonArray();
        records.forEach(r -> items.add(gson.toJsonTree(r)));
        root.add("inputs", items);
        byte[] json = gson.toJson(root).getBytes(StandardCharsets.UTF_8);
        Storage.writeAtomically(new Path(dir, JSON), out -> out.write(json));
        StringBuilder csv = new StringBuilder(CSV_HEADER).append("\r\n");
        for (UpscaleRecord r : records) {
            csv.append(String.join(",", quote(r.input()), quote(r.output()), r.status(),
                    Long.toString(r.inputBytes()), Integer.toString(r.inputWidth()), Integer.toString(r.inputHeight()),
                    Long.toString(r.outputBytes()), Integer.toString(r.outputWidth()),
                    Integer.toString(r.outputHeight()), String.format(Locale.ROOT, "%.3f", r.seconds()),
                    quote(r.reason()))).append("\r\n");
        }
        byte[] csvBytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        Storage.writeAtomically(new Path(dir, CSV), out -> out.write(csvBytes));
    }

    /** Reads the records of a report written by {@link #write}. */
    public static List<UpscaleRecord> read(Path dir) throws IOException {
        String json = new String(Storage.readAll(new Path(dir, JSON)), StandardCharsets.UTF_8);
        JsonObject root = new Gson().fromJson(json, JsonObject.class);
        Gson gson = new Gson();
        return root.getAsJsonArray("inputs").asList().stream().map(e -> gson.fromJson(e, UpscaleRecord.class)).toList();
    }

    private static String quote(String field) {
        boolean plain = field.chars().noneMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r');
        return plain ? field : '"' + field.replace("\"", "\"\"") + '"';
    }
}
