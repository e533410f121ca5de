package io.eaadam.jobs.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eaadam.common.store.Manifest;

import com.codahale.metrics.MetricRegistry;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

/**
 * How the driver adds up its tasks' progress, as the executors' plugin reports it ({@link RunMetrics#executorReport}):
 * independent tasks (an Adam phase) and tasks that share one piece of work (an EA stage), retried attempts,
 * reports of another job, and the upscale counts in Spark's metrics system.
 */
class RunMetricsTest {

    private static final String ADAM = "generation 1 / Adam phase / epochs 1-2 / slots [1, 2, 3]";
    private static final String EA = "generation 2 / EA epoch 3 / 240 children on 2 workers";
    private static final double EPS = 1e-12;

    private RunMetrics metrics;

    @BeforeEach
    void newApplication() {
        RunMetrics.startApplication();
        metrics = RunMetrics.current();
    }

    @Test
    void independentTasksAddUpAndATaskNotReportedYetCountsAsNothingDone() {
        metrics.phase("generation-1", ADAM, 1, 3, false);
        RunMetrics.Progress before = metrics.progress().orElseThrow();
        assertEquals(ADAM, before.job());
        assertEquals(1, before.generation());
        assertEquals(0, before.ratio());
        assertEquals(0, before.total());
        assertEquals(0, before.perSecond());
        assertTrue(Double.isNaN(before.etaSeconds()), "no time left before any progress");
        assertEquals(Map.of(), before.figures());

        report("1", snapshot(ADAM, 0, 0, "steps", 50, 100, 5, Map.of("l1", 0.1, "perceptual", 2.0)));
        report("2", snapshot(ADAM, 1, 0, "steps", 100, 100, 10, Map.of("l1", 0.3)));
        RunMetrics.Progress progress = metrics.progress().orElseThrow();
        assertEquals((0.5 + 1.0 + 0) / 3, progress.ratio(), EPS, "the third task counts as 0 done");
        assertEquals(150, progress.done());
        assertEquals(300, progress.total(), "the unreported task is taken to have the others' total");
        assertEquals("steps", progress.unit());
        assertEquals(15, progress.perSecond(), EPS, "the tasks' rates add up");
        assertTrue(progress.etaSeconds() >= 0 && Double.isFinite(progress.etaSeconds()), "" + progress.etaSeconds());
        assertEquals(0.2, progress.figures().get("l1"), EPS, "the figures' mean over the tasks that have them");
        assertEquals(2.0, progress.figures().get("perceptual"), EPS);

        // An Adam task reports before its first step, when it does not know its total yet.
        report("1", snapshot(ADAM, 2, 0, "steps", 0, 0, 0, Map.of()));
        RunMetrics.Progress third = metrics.progress().orElseThrow();
        assertEquals(0.5, third.ratio(), EPS);
        assertEquals(150, third.done());
        assertEquals(300, third.total(), "a task without a total yet does not lower the others' mean total");
    }

    @Test
    void tasksThatShareTheirWorkAreAsFarAsTheirMean() {
        metrics.phase("generation-2", EA, 2, 2, true);
        report("1", snapshot(EA, 0, 0, "children", 30, 120, 3, Map.of()));
        report("2", snapshot(EA, 1, 0, "children", 60, 120, 6, Map.of()));
        RunMetrics.Progress progress = metrics.progress().orElseThrow();
        assertEquals(0.375, progress.ratio(), EPS);
        assertEquals(30, progress.done(), "the slowest worker's children");
        assertEquals(120, progress.total());
        assertEquals(4.5, progress.perSecond(), EPS, "the workers' mean rate: they go through the same children");
        assertEquals("children", progress.unit());
        assertEquals(2, progress.generation());
    }

    @Test
    void theNewestAttemptOfAPartitionWins() {
        metrics.phase("generation-1", ADAM, 1, 1, false);
        report("1", snapshot(ADAM, 0, 0, "steps", 80, 100, 8, Map.of()));
        assertEquals(80, metrics.progress().orElseThrow().done());
        report("2", snapshot(ADAM, 0, 1, "steps", 10, 100, 2, Map.of()));
        assertEquals(10, metrics.progress().orElseThrow().done(), "the retry replaces the failed attempt");
        report("1", snapshot(ADAM, 0, 0, "steps", 90, 100, 8, Map.of()));
        assertEquals(10, metrics.progress().orElseThrow().done(), "a late report of the older attempt is ignored");
        report("2", snapshot(ADAM, 0, 1, "steps", 20, 100, 2, Map.of()));
        RunMetrics.Progress progress = metrics.progress().orElseThrow();
        assertEquals(20, progress.done(), "the attempt's own later reports replace its earlier ones");
        assertEquals(0.2, progress.ratio(), EPS);
    }

    @Test
    void snapshotsOfAnotherJobAreIgnoredAndANewPhaseStartsFromNothing() {
        metrics.phase("generation-1", ADAM, 1, 2, false);
        report("1", snapshot("generation 0 / warm start / objectives", 0, 0, "children", 5, 10, 1, Map.of()),
                snapshot(null, 1, 0, "steps", 5, 10, 1, Map.of()));
        RunMetrics.Progress progress = metrics.progress().orElseThrow();
        assertEquals(0, progress.done());
        assertEquals(0, progress.ratio());
        assertEquals("", progress.unit());

        report("1", snapshot(ADAM, 0, 0, "steps", 100, 100, 10, Map.of()));
        assertEquals(0.5, metrics.progress().orElseThrow().ratio(), EPS);
        metrics.phase("generation-1", "generation 1 / objectives after Adam", 1, 2, true);
        RunMetrics.Progress next = metrics.progress().orElseThrow();
        assertEquals("generation 1 / objectives after Adam", next.job());
        assertEquals(0, next.done(), "the previous phase's tasks are not this one's");
        assertEquals(0, next.ratio());
    }

    @Test
    void theUpscaleCountsAreTheRunningJobsThenTheLastOnesAndReachSparksMetrics() {
        MetricRegistry registry = new MetricRegistry();
        RunMetrics.register(registry);
        metrics.phase("upscale", "upscale / 12 images", -1, 2, false);
        report("1", snapshot("upscale / 12 images", 0, 0, "images", 4, 6, 2,
                Map.of(RunMetrics.FAILED, 1.0, RunMetrics.MEGAPIXELS, 2.0)));
        report("2", snapshot("upscale / 12 images", 1, 0, "images", 3, 6, 1,
                Map.of(RunMetrics.FAILED, 0.0, RunMetrics.MEGAPIXELS, 1.5)));
        assertEquals(Map.of(RunMetrics.FAILED, 1.0, RunMetrics.MEGAPIXELS, 3.5), metrics.progress().orElseThrow().figures(),
                "the progress line counts the job's failures and megapixels, not their mean over the tasks");
        assertEquals(7L, gauge(registry, "upscale_images_done_total"));
        assertEquals(1L, gauge(registry, "upscale_images_failed_total"));
        assertTrue((Double) gauge(registry, "upscale_megapixels_per_second") > 0, "3.5 megapixels so far");
        assertEquals(7.0 / 12, (Double) gauge(registry, "phase_progress_ratio"), EPS);
        assertEquals(3.0, (Double) gauge(registry, "images_per_second"), EPS, "the executors' images a second");
        assertEquals(0.0, (Double) gauge(registry, "steps_per_second"), EPS, "images are no training steps");

        metrics.upscaled(12, 2, 3.25);
        assertFalse(metrics.progress().isPresent(), "no phase runs after the job");
        assertEquals(12L, gauge(registry, "upscale_images_done_total"));
        assertEquals(2L, gauge(registry, "upscale_images_failed_total"));
        assertEquals(3.25, (Double) gauge(registry, "upscale_megapixels_per_second"), EPS);
        assertTrue(Double.isNaN((Double) gauge(registry, "phase_progress_ratio")));
    }

    @Test
    void executorsAndGenerationsReachSparksMetrics() {
        MetricRegistry registry = new MetricRegistry();
        RunMetrics.register(registry);
        metrics.phase("generation-1", ADAM, 1, 2, false);
        metrics.executorReport(new ExecutorReport("7", List.of(
                snapshot(ADAM, 0, 0, "steps", 10, 100, 2.5, Map.of())), 0, 123_456));
        metrics.executorReport(new ExecutorReport("8", List.of(
                snapshot(ADAM, 1, 0, "steps", 10, 100, 1.5, Map.of())), -1, 0));
        assertEquals(4.0, metrics.stepsPerSecond(), EPS);
        assertEquals(2.5, (Double) gauge(registry, "executor_7_steps_per_second"), EPS);
        assertEquals(123_456L, gauge(registry, "executor_7_device_memory_used_bytes"));
        assertEquals(1, gauge(registry, "phase_generation"));

        assertTrue(Double.isNaN(metrics.hypervolume()));
        Manifest.FileRef weights = new Manifest.FileRef("gen-0001/slot-0.safetensors", "0".repeat(64));
        metrics.generation(new Manifest(Manifest.FORMAT, 1, "adam", 1, 1, 2, List.of(
                new Manifest.Slot(0, new double[] {1, 0}, weights, null, null, 0, new double[] {0.05, 2.5}, 0, null),
                new Manifest.Slot(1, new double[] {0, 1}, weights, null, null, 0, new double[] {0.07, 1.5}, 0, null)),
                new double[] {0.2, 6}, 0.42, List.of(0, 1), "", ""));
        assertEquals(0.42, metrics.hypervolume(), EPS);
        assertEquals(1, gauge(registry, "generation"));
        assertEquals(0.42, (Double) gauge(registry, "hypervolume"), EPS);
        assertEquals(0.07, (Double) gauge(registry, "slot_1_f1"), EPS);
        assertEquals(1.5, (Double) gauge(registry, "slot_1_f2"), EPS);
    }

    private void report(String executor, TaskProgress.Snapshot... tasks) {
        metrics.executorReport(new ExecutorReport(executor, List.of(tasks), -1, 0));
    }

    private static TaskProgress.Snapshot snapshot(String job, int partition, int attempt, String unit, long done,
            long total, double perSecond, Map<String, Double> figures) {
        return new TaskProgress.Snapshot(job, 3, partition, attempt, "task " + partition, unit, done, total, perSecond,
                perSecond, -1, figures);
    }

    private static Object gauge(MetricRegistry registry, String name) {
        return registry.getGauges().get(name).getValue();
    }
}
