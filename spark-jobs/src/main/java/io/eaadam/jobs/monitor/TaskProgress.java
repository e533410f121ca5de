package io.eaadam.jobs.monitor;

import ai.djl.Device;

import io.eaadam.common.store.Losses;
import io.eaadam.worker.train.StepListener;

import org.apache.spark.TaskContext;

import java.io.Serializable;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * How far a running task is: its steps (or children, or images) done of its total, their rate, and figures
 * such as the losses of its last finished epoch. Tasks update it; the executor's {@link EaAdamPlugin} sends
 * every running task's progress to the driver each second, where {@link RunMetrics} shows it.
 *
 * <p>Spark's UI and REST API show a running task's task metrics, which executor heartbeats carry, but not its
 * accumulators (AppStatusListener.onExecutorMetricsUpdate): so the images a task has processed are also
 * counted as its input records, and the stage page shows them grow while the phase runs.
 */
public final class TaskProgress implements AutoCloseable {

    /**
     * What the driver sees of one task.
     *
     * @param job the Spark job's description, which names the phase ({@link RunMetrics#phase})
     * @param taskAttemptId Spark's id of the task attempt, which grows with each: a retry's reports replace the
     *     failed attempt's
     * @param gpu the CUDA index of the task's device, -1 for the CPU
     */
    public record Snapshot(String job, int stageId, int partition, long taskAttemptId, String task, String unit,
            long done, long total,
            double perSecond, double imagesPerSecond, int gpu, Map<String, Double> figures)
            implements Serializable {}

    /** The local property in which SparkContext.setJobGroup puts the job's description. */
    static final String JOB_DESCRIPTION = "spark.job.description";

    private static final ConcurrentMap<Long, TaskProgress> RUNNING = new ConcurrentHashMap<>();

    private final TaskContext context;
    private final String task;
    private final String unit;
    private final int gpu;
    private final long startNanos = System.nanoTime();
    private volatile long done;
    private volatile long total;
    private volatile long images;
    private volatile Map<String, Double> figures = Map.of();
    /** The losses {@link #steps} last turned into figures; the task's thread alone uses it. */
    private Losses shownLosses;

    private TaskProgress(TaskContext context, String task, String unit, long total, Device device) {
        this.context = context;
        this.task = task;
        this.unit = unit;
        this.total = total;
        this.gpu = device.isGpu() ? device.getDeviceId() : -1;
    }

    /**
     * The progress of the calling Spark task; outside one (a command run without Spark) it is kept nowhere.
     *
     * @param task what the task does, as the progress display names it ("slot 3")
     * @param unit what it counts ("steps", "children", "images")
     */
    public static TaskProgress start(String task, String unit, long total, Device device) {
        TaskProgress progress = new TaskProgress(TaskContext.get(), task, unit, total, device);
        if (progress.context != null) {
            RUNNING.put(progress.context.taskAttemptId(), progress);
        }
        return progress;
    }

    /** Sets how far the task is; {@code newImages} images were processed since the last call. */
    public void update(long done, long total, long newImages, Map<String, Double> figures) {
        this.done = done;
        this.total = total;
        this.images += newImages;
        if (figures != null) {
            this.figures = Collections.unmodifiableMap(new LinkedHashMap<>(figures)); // in order: l1 first
        }
        if (context != null && newImages > 0) {
            // Spark's own input metric (public in the bytecode, private[spark] in Scala): see the class comment.
            context.taskMetrics().inputMetrics().incRecordsRead(newImages);
        }
    }

    /**
     * A listener of a training loop that updates this progress: {@code batch} images a step, and the last losses
     * as figures when they change (once an epoch), not at every step.
     */
    public StepListener steps(int batch) {
        return (step, steps, lastLosses) -> {
            boolean newLosses = lastLosses != null && lastLosses != shownLosses;
            shownLosses = lastLosses;
            update(step, steps, batch, newLosses ? figures(lastLosses) : null);
        };
    }

    /** The losses as figures, named as the run's metrics.jsonl names them. */
    public static Map<String, Double> figures(Losses losses) {
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("l1", losses.l1());
        figures.put("perceptual", losses.perceptual());
        figures.put("adversarial", losses.adversarial());
        figures.put("discriminator", losses.discriminator());
        return figures;
    }

    Snapshot snapshot() {
        double seconds = Math.max((System.nanoTime() - startNanos) / 1e9, 1e-9);
        return new Snapshot(context.getLocalProperty(JOB_DESCRIPTION), context.stageId(), context.partitionId(),
                context.taskAttemptId(), task, unit, done, total, done / seconds, images / seconds, gpu, figures);
    }

    /** Every running task's progress in this JVM. */
    static List<Snapshot> running() {
        Collection<TaskProgress> tasks = RUNNING.values();
        return tasks.stream().map(TaskProgress::snapshot).toList();
    }

    @Override
    public void close() {
        if (context != null) {
            RUNNING.remove(context.taskAttemptId(), this);
        }
    }
}
