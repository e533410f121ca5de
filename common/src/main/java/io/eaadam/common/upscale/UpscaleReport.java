package io.eaadam.common.upscale;

import io.eaadam.common.fs.Storage;
import io.eaadam.common.json.Json;

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

    public static final String FORMAT = "eaadam-upscale-report/1";
    public static final String JSON = "upscale-report.json";
    public static final String CSV = "upscale-report.csv";
    /** The CSV's columns: the JSON keys of a record. */
    private static final String CSV_HEADER = String.join(",", Json.keys(UpscaleRecord.class));

    /** {@code upscale-report.json}: the model and settings, the totals, then one record per input. */
    private record Document(String format, UpscaleJob job, long ok, long skipped, long failed,
            double outputMegapixels, List<UpscaleRecord> inputs) {}

    private final UpscaleJob job;
    private final List<UpscaleRecord> records;

    public UpscaleReport(UpscaleJob job, List<UpscaleRecord> records) {
        this.job = job;
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
        Document document = new Document(FORMAT, job, count(UpscaleRecord.OK), count(UpscaleRecord.SKIPPED),
                count(UpscaleRecord.FAILED), records.stream().mapToLong(UpscaleRecord::outputPixels).sum() / 1e6,
                records);
        byte[] json = Json.write(document).getBytes(StandardCharsets.UTF_8);
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
        Path file = new Path(dir, JSON);
        String json = new String(Storage.readAll(file), StandardCharsets.UTF_8);
        return Json.read(json, Document.class, FORMAT, file.toString(), Json.NO_OLDER_FORMATS).inputs();
    }

    private static String quote(String field) {
        boolean plain = field.chars().noneMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r');
        return plain ? field : '"' + field.replace("\"", "\"\"") + '"';
    }
}
