package io.eaadam.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eaadam.common.config.ConfigLoader;
import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.store.Manifest;
import io.eaadam.common.store.RunStore;
import io.eaadam.jobs.monitor.RunMetrics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The report of a run being trained: the running phase below the title and a meta refresh while it is live, the
 * phase's progress again at each rewrite, and neither in the final report nor in one the report command writes.
 */
class LiveReportTest {

    private static final String REFRESH = "<meta http-equiv=\"refresh\" content=\"" + LiveReport.REFRESH_SECONDS + "\">";
    private static final String RUNNING = "<section id=\"running\"";

    @TempDir
    Path dir;

    @Test
    void whileLiveTheReportShowsTheRunningPhaseAndRefreshesItselfAndTheFinalReportDoesNot() throws IOException {
        EaAdamConfig config = runWithGeneration0();
        Map<String, Double> losses = new LinkedHashMap<>();
        losses.put("l1", 0.0412345);
        losses.put("perceptual", 1.5);
        AtomicReference<Optional<RunMetrics.Progress>> progress = new AtomicReference<>(Optional.of(
                new RunMetrics.Progress("generation 1 / Adam phase / epochs 1-2 / slots [1, 2]", 1, 0.25, 150, 600,
                        "steps", 12.5, 90, losses)));
        Path file = dir.resolve("run").resolve(RunReport.FILE);
        try (LiveReport live = new LiveReport(config, progress::get)) {
            live.rewrite();
            assertFalse(Files.exists(file), "nothing to show before a generation is rendered");

            live.update();
            String html = Files.readString(file);
            assertEquals(1, count(html, REFRESH), html);
            assertTrue(html.indexOf(REFRESH) < html.indexOf("</head>"), "the refresh is in the head");
            assertEquals(1, count(html, RUNNING), html);
            assertTrue(html.indexOf("<p class=\"meta\">") < html.indexOf(RUNNING)
                    && html.indexOf(RUNNING) < html.indexOf("<section id=\"objectives\">"), "below the run's line");
            String running = section(html);
            assertTrue(running.contains("<strong>generation 1 / Adam phase / epochs 1-2 / slots [1, 2]</strong>"), running);
            assertTrue(running.contains("<progress max=\"1\" value=\"0.2500\">25%</progress> 150/600 steps (25%)"
                    + " &middot; 12.5 steps/s &middot; ETA 1m30s"), running);
            assertTrue(running.contains("<th>l1</th><th>perceptual</th>") && running.contains("<td>0.04123</td>"
                    + "<td>1.500</td>"), running);
            assertTrue(running.matches("(?s).*Progress as of \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC.*"), running);
            assertFalse(html.contains("<script"), "no script");

            // The timer's rewrite: the new progress in the page as rendered; between phases, no figures.
            progress.set(Optional.of(new RunMetrics.Progress("generation 2 / EA epoch 1 / 240 children on 2 workers",
                    2, 0.5, 120, 240, "children", 4, Double.NaN, Map.of())));
            live.rewrite();
            String rewritten = section(Files.readString(file));
            assertTrue(rewritten.contains("120/240 children (50%) &middot; 4.00 children/s</p>"), rewritten);
            assertFalse(rewritten.contains("<table>") || rewritten.contains("ETA"), rewritten);
            progress.set(Optional.empty());
            live.rewrite();
            assertTrue(section(Files.readString(file)).contains("<p>Between phases.</p>"));
        }
        String closed = Files.readString(file);
        assertFalse(closed.contains("http-equiv"), "the final report does not refresh itself");
        assertFalse(closed.contains(RUNNING), "nor shows a running phase");
        assertTrue(closed.contains("<section id=\"objectives\">") && closed.contains("<section id=\"slots\">"), closed);

        RunReport.write(config); // the report command
        String written = Files.readString(file);
        assertFalse(written.contains("http-equiv") || written.contains(RUNNING), written);
    }

    @Test
    void aRunThatEndsBeforeItsFirstGenerationLeavesNoReport() throws IOException {
        EaAdamConfig config = ConfigLoader.load(null, List.of("run.dir=" + dir.resolve("run")));
        try (LiveReport live = new LiveReport(config, Optional::empty)) {
            live.update(); // logged: no generation yet
            live.rewrite();
        }
        assertFalse(Files.exists(dir.resolve("run").resolve(RunReport.FILE)));
    }

    @Test
    void aPhaseWhoseTasksHaveNotReportedIsStarting() {
        String running = LiveReport.running(Optional.of(new RunMetrics.Progress("generation 0 / warm start / objectives",
                0, 0, 0, 0, "", 0, Double.NaN, Map.of())));
        assertTrue(running.contains("<progress max=\"1\" value=\"0.0000\">0%</progress> starting: no task has counted "
                + "its work yet</p>"), running);
    }

    /** A run folder holding generation 0 of two slots (the report needs no weights without data.val-hr). */
    private EaAdamConfig runWithGeneration0() throws IOException {
        EaAdamConfig config = ConfigLoader.load(null, List.of("run.dir=" + dir.resolve("run")));
        Manifest.FileRef weights = new Manifest.FileRef("gen-0000/slot-0.safetensors", "0".repeat(64));
        new RunStore(config.run().dir()).writeManifest(new Manifest(Manifest.FORMAT, 0, "warm-start", -1, 0, 0, List.of(
                new Manifest.Slot(0, new double[] {1, 0}, weights, null, null, 0, new double[] {0.05, 2.5}, 0, null),
                new Manifest.Slot(1, new double[] {0, 1}, weights, null, null, 0, new double[] {0.05, 2.5}, 0, 0)),
                new double[] {0.1, 5}, 0.125, List.of(0, 1), "", ""));
        return config;
    }

    private static String section(String html) {
        int start = html.indexOf(RUNNING);
        return html.substring(start, html.indexOf("</section>", start) + "</section>".length());
    }

    private static int count(String text, String what) {
        return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }
}
