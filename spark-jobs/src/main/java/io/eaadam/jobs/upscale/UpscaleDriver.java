package io.eaadam.jobs.upscale;

import io.eaadam.common.config.ChangedSettings;
import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.fs.FolderLock;
import io.eaadam.common.fs.Storage;
import io.eaadam.common.json.Json;
import io.eaadam.common.upscale.UpscaleInputs;
import io.eaadam.common.upscale.UpscaleItem;
import io.eaadam.common.upscale.UpscaleJob;
import io.eaadam.common.upscale.UpscaleRecord;
import io.eaadam.common.upscale.UpscaleReport;
import io.eaadam.jobs.monitor.RunMetrics;
import io.eaadam.jobs.spark.TaskResult;
import io.eaadam.worker.nn.Models;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The upscale job: list the inputs, skip those whose output is complete (a rerun resumes), spread the
 * rest over tasks by bytes, upscale on the executors, and write the report into the output folder.
 */
public final class UpscaleDriver {

    private static final Logger logger = LoggerFactory.getLogger(UpscaleDriver.class);
    private static final String SKIPPED_REASON = "its output is complete (written by an earlier run)";

    private final JavaSparkContext spark;
    private final UpscaleTask task;

    public UpscaleDriver(JavaSparkContext spark, UpscaleTask task) {
        this.spark = spark;
        this.task = task;
    }

    /** Upscales {@code inputs} into {@code output}, which is locked meanwhile (a second upscale there is refused). */
    public UpscaleReport run(List<String> inputs, String output) throws IOException {
        try (FolderLock lock = FolderLock.acquire(output, "eaadam upscale " + output)) {
            return runLocked(inputs, output);
        }
    }

    private UpscaleReport runLocked(List<String> inputs, String output) throws IOException {
        UpscaleInputs listed = UpscaleInputs.list(inputs, output, task.settings().format());
        Path root = Storage.qualified(Storage.path(output));
        UpscaleJob job = job();
        long since = describe(root, job);
        Map<String, FileStatus> existing = existingOutputs(root);
        List<UpscaleRecord> records = new ArrayList<>(listed.refused());
        List<UpscaleItem> todo = new ArrayList<>();
        for (UpscaleItem item : listed.items()) {
            FileStatus done = existing.get(Storage.path(item.target()).toUri().getPath());
            if (done == null || done.getModificationTime() < since) {
                todo.add(item);
            } else {
                records.add(new UpscaleRecord(item.source(), item.target(), UpscaleRecord.SKIPPED, item.bytes(), 0, 0,
                        done.getLen(), 0, 0, 0, SKIPPED_REASON));
            }
        }
        int tasks = task.settings().tasks() > 0 ? task.settings().tasks() : 4 * spark.defaultParallelism();
        List<ArrayList<UpscaleItem>> groups = UpscaleInputs.balance(todo, tasks);
        long bytes = todo.stream().mapToLong(UpscaleItem::bytes).sum();
        String description = String.format(Locale.ROOT, "upscale: %d images (%.1f MB) in %d tasks; %d skipped as done",
                todo.size(), bytes / 1e6, groups.size(), listed.items().size() - todo.size());
        logger.info(description);
        if (!todo.isEmpty()) {
            RunMetrics.startPhase(spark, "upscale", description, -1, groups.size(), false);
            records.addAll(upscale(groups));
        }
        UpscaleReport report = new UpscaleReport(job, records);
        report.write(root);
        return report;
    }

    /** The model (its weights' sha256) and the settings of this job. */
    private UpscaleJob job() throws IOException {
        EaAdamConfig.Model model = task.model();
        Models.check(model);
        String sha256 = model.initWeightsSha256().isEmpty()
                ? Storage.sha256(Storage.readAll(Storage.path(model.initWeights()))) : model.initWeightsSha256();
        return UpscaleJob.of(sha256, model, task.settings());
    }

    /**
     * Writes {@code .eaadam-upscale-job.json} unless it already describes {@code job}, and returns its time on
     * the output's file system: outputs older than it were made by another model or settings (or by a release
     * that did not write the file) and are redone, or refused with {@code upscale.on-changed-settings = refuse}.
     */
    private long describe(Path root, UpscaleJob job) throws IOException {
        Path file = new Path(root, UpscaleJob.FILE);
        FileSystem fs = Storage.fs(root);
        if (fs.exists(file)) {
            List<String> changed = UpscaleJob.read(new String(Storage.readAll(file), StandardCharsets.UTF_8),
                    file.toString()).differences(job);
            if (changed.isEmpty()) {
                return fs.getFileStatus(file).getModificationTime();
            }
            if (task.settings().onChangedSettings() == ChangedSettings.REFUSE) {
                throw new IOException(root + ": its outputs were made with " + String.join(", ", changed)
                        + "; upscale.on-changed-settings = refuse (redo upscales them again)");
            }
            logger.info("{}: outputs of {} are upscaled again", root, String.join(", ", changed));
        }
        byte[] text = Json.write(job).getBytes(StandardCharsets.UTF_8);
        Storage.writeAtomically(file, out -> out.write(text));
        return fs.getFileStatus(file).getModificationTime();
    }

    private List<UpscaleRecord> upscale(List<ArrayList<UpscaleItem>> groups) throws IOException {
        UpscaleTask job = task;
        long start = System.nanoTime();
        List<UpscaleRecord> records = TaskResult.values(spark.parallelize(groups, groups.size())
                .map(group -> TaskResult.of(() -> job.run(group))).collect()).stream().flatMap(List::stream).toList();
        double megapixels = records.stream().mapToLong(UpscaleRecord::outputPixels).sum() / 1e6;
        RunMetrics.current().upscaled(records.size(), records.stream().filter(r -> r.status().equals(UpscaleRecord.FAILED))
                .count(), megapixels / ((System.nanoTime() - start) / 1e9));
        return records;
    }

    /**
     * The complete files under {@code output} by path, found with one recursive listing. Temporaries left by a
     * killed run (hidden {@code .name.tmp-*} files) are deleted on the way.
     */
    private static Map<String, FileStatus> existingOutputs(Path output) throws IOException {
        FileSystem fs = Storage.fs(output);
        Map<String, FileStatus> files = new HashMap<>();
        if (!fs.exists(output)) {
            return files;
        }
        RemoteIterator<LocatedFileStatus> listing = fs.listFiles(output, true);
        List<Path> stale = new ArrayList<>();
        while (listing.hasNext()) {
            LocatedFileStatus file = listing.next();
            String name = file.getPath().getName();
            if (name.startsWith(".") && name.contains(".tmp-")) {
                stale.add(file.getPath());
            } else if (!name.startsWith(".")) {
                files.put(file.getPath().toUri().getPath(), file);
            }
        }
        for (Path temporary : stale) {
            logger.info("deleting {}, a partial output of an earlier run", temporary);
            fs.delete(temporary, false);
        }
        return files;
    }
}
