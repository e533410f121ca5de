package io.eaadam.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.eaadam.common.image.ImageCodec;
import io.eaadam.common.image.SyntheticImages;
import io.eaadam.common.store.RunStore;
import io.eaadam.jobs.Main;
import io.eaadam.tests.cluster.StandaloneCluster;
import io.eaadam.worker.testing.CliRun;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * eaadam's gauges in Spark's metrics system while {@code train} runs on local mode: scraped from the driver
 * UI's Prometheus endpoint during the first Adam phase (while the REST API shows its stage running with no
 * task finished), the phase's progress ratio grows from scrape to scrape and the run's figures are there.
 */
class MonitoringIT {

    /**
     * The first Adam phase's steps per slot: tiny-population's 3 make it last about a second, these about 20 s
     * on 2 cores (its two tasks side by side, some 0.6 s a step each).
     */
    private static final int ITERATIONS_PER_EPOCH = 36;
    /** Progress reports twice a second; scrapes far enough apart that each sees newer reports. */
    private static final long REPORT_MS = 500;
    private static final long SCRAPE_EVERY_MS = 4 * REPORT_MS;
    private static final int SCRAPES = 4;

    @TempDir
    Path dir;

    @Test
    void theAdamPhaseProgressAndTheRunFiguresReachPrometheus() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        for (int i = 0; i < 6; i++) {
            try (OutputStream out = Files.newOutputStream(data.resolve("img" + i + ".png"))) {
                ImageCodec.encodePng(SyntheticImages.scene(96, 96, i), null, 8, out);
            }
        }
        Path run = dir.resolve("run");
        int port = StandaloneCluster.freePort();
        List<String> args = new ArrayList<>(List.of("train", "--conf", TrainRunIT.tinyConfig(), "-Drun.dir=" + run,
                "-Ddata.train-hr=" + data, "-Ddata.iterations-per-epoch=" + ITERATIONS_PER_EPOCH,
                // Warm start, the slowed Adam phase (epoch 0) and an EA phase: the second, longer Adam phase left out.
                "-Dschedule.epochs=1",
                "-Dspark.ui.port=" + port, "-Dspark.eaadam.progress.interval=" + REPORT_MS + "ms"));
        SparkUi.PROMETHEUS_SETTINGS.forEach(setting -> args.add("-D" + setting));
        CompletableFuture<CliRun> train = CompletableFuture.supplyAsync(
                () -> CliRun.run(Main::commandLine, args.toArray(String[]::new)));
        SparkUi ui = new SparkUi("http://localhost:" + port);
        List<String> seen = new ArrayList<>(); // what the test saw, for the failure messages

        // The first Adam phase's stage, running with none of its tasks done.
        SparkUi.Stage adam = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (adam == null && !train.isDone() && System.nanoTime() < deadline) {
            Optional<SparkUi.Stage> active = ui.activeStage("Adam phase");
            if (active.isPresent() && active.get().runningWithNoTaskDone()) {
                adam = active.get();
            } else {
                Thread.sleep(200);
            }
        }
        if (adam == null) {
            fail("no running Adam phase seen at " + ui.base() + (train.isDone() ? "; the run ended: "
                    + train.get().err() : ""));
        }
        seen.add("stage " + adam);

        // Its tasks have started training: their first progress reports have reached the driver.
        Map<String, Double> first = ui.prometheus();
        while (ratio(first) <= 0 && ui.stage(adam.id(), adam.attempt()).runningWithNoTaskDone()
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
            first = ui.prometheus();
        }
        List<Map<String, Double>> scrapes = new ArrayList<>();
        Map<String, Double> scrape = first;
        while (scrapes.size() < SCRAPES) {
            SparkUi.Stage now = ui.stage(adam.id(), adam.attempt()); // read after the scrape: it was taken before
            seen.add(String.format("ratio %.4f, then stage %s", ratio(scrape), now));
            if (!now.runningWithNoTaskDone()) {
                break;
            }
            scrapes.add(scrape);
            Thread.sleep(SCRAPE_EVERY_MS);
            scrape = ui.prometheus();
        }
        assertEquals(SCRAPES, scrapes.size(), "the Adam phase ended (or a task finished) before " + SCRAPES
                + " scrapes " + SCRAPE_EVERY_MS + " ms apart; a longer phase needs more iterations per epoch: " + seen);

        for (int i = 1; i < scrapes.size(); i++) {
            assertTrue(ratio(scrapes.get(i)) > ratio(scrapes.get(i - 1)), "the progress ratio grows: " + seen);
        }
        double lastRatio = ratio(scrapes.get(scrapes.size() - 1));
        assertTrue(lastRatio > 0 && lastRatio < 1, "a ratio of the phase done: " + seen);
        for (Map<String, Double> during : scrapes) {
            assertEquals(0, gauge(during, "generation"), "generation 0 (the warm start) is the last written");
            assertEquals(1, gauge(during, "phase_generation"), "the phase makes generation 1");
            assertTrue(gauge(during, "hypervolume") > 0, "generation 0's hypervolume: " + during);
            assertTrue(during.containsKey(SparkUi.DRIVER_GAUGE + "slot_0_f1_Value"), "slot 0's distortion: " + during);
            assertTrue(gauge(during, "slot_0_f1") > 0, "slot 0's distortion: " + during);
        }
        Map<String, Double> last = scrapes.get(scrapes.size() - 1);
        assertTrue(gauge(last, "steps_per_second") > 0, "steps a second over the executors: " + last);
        assertTrue(gauge(last, "phase_eta_seconds") > 0, "time left: " + last);

        // The run goes on to its EA phase and ends as it would have unwatched.
        CliRun ended = train.get(180, TimeUnit.SECONDS);
        assertEquals(0, ended.status(), ended.err());
        RunStore store = new RunStore(run.toString());
        assertEquals(List.of("warm-start", "adam", "ea"), Stream.of(0, 1, 2).map(g -> {
            try {
                return store.readManifest(g).phase();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList());
    }

    private static double ratio(Map<String, Double> scrape) {
        return gauge(scrape, "phase_progress_ratio");
    }

    /** A driver gauge of eaadam's, as Spark's Prometheus servlet names it. */
    private static double gauge(Map<String, Double> scrape, String name) {
        Double value = scrape.get(SparkUi.DRIVER_GAUGE + name + "_Value");
        if (value == null) {
            throw new AssertionError("no " + name + " gauge in " + scrape.keySet());
        }
        return value;
    }
}
