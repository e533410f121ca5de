package io.eaadam.jobs.monitor;

import io.eaadam.common.store.Losses;
import io.eaadam.common.store.Manifest;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;

import org.apache.spark.api.java.JavaSparkContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/**
 * Where a command stands, on the driver: the phase running and its tasks' progress (sent by the executors'
 * {@link EaAdamPlugin}), the last generation's hypervolume and objectives, the EA's, fusion's and upscaling's
 * counts. The drivers tell it what they start and finish; the progress display, the live report and Spark's
 * metrics system ({@link #register}: names below follow Prometheus' conventions) read it. One per driver JVM,
 * renewed with each Spark application.
 */
public final class RunMetrics {

    /** The figures an upscale task counts (its images that failed, the megapixels it wrote). */
    public static final String FAILED = "failed";
    public static final String MEGAPIXELS = "megapixels";
    private static final Set<String> COUNTS = Set.of(FAILED, MEGAPIXELS);

    /**
     * A phase: the Spark jobs of group {@code group} whose description is {@code job}, of {@code tasks} tasks;
     * {@code reported}: its tasks' newest progress by partition. Each phase has its own, so that a report of the
     * previous phase's job that the plugin's thread handles while the driver starts the next phase lands in the
     * previous phase's, never in the new one's.
     */
    private record Phase(String group, String job, int generation, int tasks, boolean shared, long startNanos,
            ConcurrentMap<Integer, TaskProgress.Snapshot> reported) {}

    /** An upscale job's images done and failed so far, and its output megapixels a second. */
    private record Upscaled(long done, long failed, double megapixelsPerSecond) {}

    /**
     * How far the running phase is, for the progress display and the report.
     *
     * @param ratio the phase's fraction done, 0 to 1
     * @param done what its tasks counted (steps, children, images), of {@code total}
     * @param perSecond the rate of {@code unit}, over its tasks
     * @param etaSeconds the time left at the phase's pace so far; NaN before any progress
     * @param figures the tasks' last figures: the losses of their last finished epoch averaged over them, an
     *     upscale job's failures and megapixels summed
     */
    public record Progress(String job, int generation, double ratio, long done, long total, String unit,
            double perSecond, double etaSeconds, Map<String, Double> figures) {}

    private static volatile RunMetrics current = new RunMetrics();
    private static volatile MetricRegistry registry;

    private volatile Phase phase;
    private final ConcurrentMap<String, ExecutorReport> executors = new ConcurrentHashMap<>();
    private volatile int generation = -1;
    private volatile double hypervolume = Double.NaN;
    private volatile double[][] slotObjectives = new double[0][];
    private final AtomicLong childrenEvaluated = new AtomicLong();
    private final AtomicLong childrenAccepted = new AtomicLong();
    private volatile int fusionEpoch = -1;
    private volatile Losses fusionLosses;
    private volatile Upscaled upscaled = new Upscaled(0, 0, 0);

    private RunMetrics() {}

    /** The driver's metrics. */
    public static RunMetrics current() {
        return current;
    }

    /** A new Spark application starts from nothing (tests run several commands in one JVM). */
    static void startApplication() {
        current = new RunMetrics();
    }

    /**
     * Names the next Spark jobs ({@code description}: the UI's and the History Server's) and starts their phase.
     *
     * @param generation the generation the phase makes, or works on; -1 for none
     * @param tasks the Spark tasks of each of its jobs
     * @param shared whether its tasks share one piece of work (an EA stage's workers), or each does its own
     */
    public static void startPhase(JavaSparkContext spark, String group, String description, int generation, int tasks,
            boolean shared) {
        spark.setJobGroup(group, description, false);
        current.phase(group, description, generation, tasks, shared);
    }

    /** {@link #startPhase} without Spark's job group (tests). */
    void phase(String group, String job, int generation, int tasks, boolean shared) {
        phase = new Phase(group, job, generation, tasks, shared, System.nanoTime(), new ConcurrentHashMap<>());
    }

    /** A generation was written: the phases that made it are over. */
    public void generation(Manifest manifest) {
        phase = null;
        generation = manifest.generation();
        hypervolume = manifest.hypervolume();
        double[][] objectives = manifest.slots().stream()
                .map(slot -> new double[] {slot.objectives()[0], slot.objectives()[1]}).toArray(double[][]::new);
        slotObjectives = objectives;
        for (int k = 0; k < objectives.length; k++) {
            int slot = k;
            gauge("slot_" + k + "_f1", () -> value(slot, 0));
            gauge("slot_" + k + "_f2", () -> value(slot, 1));
        }
    }

    private double value(int slot, int objective) {
        double[][] objectives = slotObjectives;
        return slot < objectives.length ? objectives[slot][objective] : Double.NaN;
    }

    /** An EA epoch evaluated {@code children} children, of which {@code accepted} replaced a parent. */
    public void eaEpoch(int children, int accepted) {
        childrenEvaluated.addAndGet(children);
        childrenAccepted.addAndGet(accepted);
    }

    /** Fusion finished epoch {@code epoch} (1-based) with these mean losses. */
    public void fusionEpoch(int epoch, Losses losses) {
        fusionEpoch = epoch;
        fusionLosses = losses;
    }

    /** An upscale job ended with these counts. */
    public void upscaled(long done, long failed, double megapixelsPerSecond) {
        phase = null;
        upscaled = new Upscaled(done, failed, megapixelsPerSecond);
    }

    /** The upscale job's counts: the running one's from its tasks' reports, else the last one's. */
    private Upscaled upscaled() {
        Phase running = phase;
        if (running == null || !running.group().equals("upscale")) {
            return upscaled;
        }
        List<TaskProgress.Snapshot> reported = List.copyOf(running.reported().values());
        Map<String, Double> counts = figures(reported);
        double seconds = (System.nanoTime() - running.startNanos()) / 1e9;
        return new Upscaled(reported.stream().mapToLong(TaskProgress.Snapshot::done).sum(),
                Math.round(counts.getOrDefault(FAILED, 0.0)), counts.getOrDefault(MEGAPIXELS, 0.0) / seconds);
    }

    void executorReport(ExecutorReport report) {
        boolean added = executors.put(report.executorId(), report) == null;
        Phase running = phase;
        for (TaskProgress.Snapshot task : report.tasks()) {
            if (running != null && running.job().equals(task.job())) {
                running.reported().merge(task.partition(), task, (old, now) -> now.taskAttemptId() >= old.taskAttemptId() ? now : old);
            }
        }
        if (added) {
            String id = report.executorId();
            gauge("executor_" + id + "_steps_per_second", () -> executors.get(id).stepsPerSecond());
            gauge("executor_" + id + "_device_memory_used_bytes", () -> executors.get(id).deviceMemoryUsed());
        }
    }

    /** The running phase's progress; empty between phases. */
    public Optional<Progress> progress() {
        Phase running = phase;
        if (running == null) {
            return Optional.empty();
        }
        List<TaskProgress.Snapshot> reported = new ArrayList<>(running.reported().values());
        double fractions = reported.stream().mapToDouble(t -> t.total() > 0 ? (double) t.done() / t.total() : 0).sum();
        double ratio;
        long done;
        long total;
        double perSecond;
        if (running.shared()) { // every task works through the same children
            ratio = reported.isEmpty() ? 0 : fractions / reported.size();
            done = reported.stream().mapToLong(TaskProgress.Snapshot::done).min().orElse(0);
            total = reported.stream().mapToLong(TaskProgress.Snapshot::total).max().orElse(0);
            perSecond = reported.stream().mapToDouble(TaskProgress.Snapshot::perSecond).average().orElse(0);
        } else {
            int count = Math.max(running.tasks(), reported.size());
            ratio = count == 0 ? 0 : fractions / count;
            done = reported.stream().mapToLong(TaskProgress.Snapshot::done).sum();
            // A task that has not counted its total yet (an Adam task before its first step) is one not reported.
            double meanTotal = reported.stream().mapToLong(TaskProgress.Snapshot::total).filter(t -> t > 0)
                    .average().orElse(0);
            total = Math.round(meanTotal * count);
            perSecond = reported.stream().mapToDouble(TaskProgress.Snapshot::perSecond).sum();
        }
        double elapsed = (System.nanoTime() - running.startNanos()) / 1e9;
        double eta = ratio > 0 ? elapsed * (1 - ratio) / ratio : Double.NaN;
        String unit = reported.isEmpty() ? "" : reported.get(0).unit();
        return Optional.of(new Progress(running.job(), running.generation(), ratio, done, total, unit,
                perSecond, eta, figures(reported)));
    }

    /** The tasks' figures: counts (an upscale job's failures and megapixels) add up, losses are averaged. */
    private static Map<String, Double> figures(List<TaskProgress.Snapshot> reported) {
        Map<String, Double> sums = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (TaskProgress.Snapshot task : reported) {
            task.figures().forEach((name, value) -> {
                sums.merge(name, value, Double::sum);
                counts.merge(name, 1, Integer::sum);
            });
        }
        sums.replaceAll((name, sum) -> COUNTS.contains(name) ? sum : sum / counts.get(name));
        return sums;
    }

    /** The last generation's hypervolume; NaN before one. */
    public double hypervolume() {
        return hypervolume;
    }

    /** The training steps a second over every executor. */
    public double stepsPerSecond() {
        return executors.values().stream().mapToDouble(ExecutorReport::stepsPerSecond).sum();
    }

    /** Registers the driver's gauges in Spark's metrics system. */
    static void register(MetricRegistry metrics) {
        registry = metrics;
        gauge("generation", () -> current.generation);
        gauge("hypervolume", () -> current.hypervolume);
        gauge("phase_generation", () -> current.phase == null ? -1 : current.phase.generation());
        gauge("phase_progress_ratio", () -> progressOf(Progress::ratio));
        gauge("phase_eta_seconds", () -> progressOf(Progress::etaSeconds));
        gauge("steps_per_second", () -> current.stepsPerSecond());
        gauge("images_per_second", () -> current.executors.values().stream()
                .mapToDouble(ExecutorReport::imagesPerSecond).sum());
        gauge("ea_children_evaluated_total", () -> current.childrenEvaluated.get());
        gauge("ea_children_accepted_total", () -> current.childrenAccepted.get());
        gauge("fusion_epoch", () -> current.fusionEpoch);
        gauge("fusion_l1_loss", () -> current.fusionLosses == null ? Double.NaN : current.fusionLosses.l1());
        gauge("fusion_perceptual_loss", () -> current.fusionLosses == null ? Double.NaN
                : current.fusionLosses.perceptual());
        gauge("upscale_images_done_total", () -> current.upscaled().done());
        gauge("upscale_images_failed_total", () -> current.upscaled().failed());
        gauge("upscale_megapixels_per_second", () -> current.upscaled().megapixelsPerSecond());
    }

    private static double progressOf(ToDoubleFunction<Progress> figure) {
        return current.progress().map(figure::applyAsDouble).orElse(Double.NaN);
    }

    /** Registers {@code name} once; a gauge added after Spark registered the source reaches its sinks too. */
    private static void gauge(String name, Gauge<?> gauge) {
        MetricRegistry metrics = registry;
        if (metrics != null && !metrics.getGauges().containsKey(name)) {
            try {
                metrics.register(name, gauge);
            } catch (IllegalArgumentException raced) {
                // registered meanwhile by another thread
            }
        }
    }
}
