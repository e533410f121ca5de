package io.eaadam.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eaadam.common.config.Arch;
import io.eaadam.common.fs.Storage;
import io.eaadam.common.image.DecodedImage;
import io.eaadam.common.image.ImageCodec;
import io.eaadam.common.image.SyntheticImages;
import io.eaadam.common.store.ModelCard;
import io.eaadam.jobs.Main;
import io.eaadam.worker.testing.CliRun;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * report.html of a tiny run ({@code train} writes it after every generation, and its final report once it
 * ended, {@code report} again once a fused model and an evaluation are in the run): every section is there,
 * nothing is fetched from the network, it does not refresh itself, and headless Chromium renders it without
 * console errors into a screenshot that is not blank.
 */
class RunReportIT {

    @TempDir
    static Path dir;
    private static Path run;
    private static String html;

    @BeforeAll
    static void trainAndReport() throws IOException {
        Path train = Files.createDirectories(dir.resolve("train"));
        Path val = Files.createDirectories(dir.resolve("val"));
        for (int i = 0; i < 6; i++) {
            writePng(train.resolve("img" + i + ".png"), i);
        }
        writePng(val.resolve("val0.png"), 100);
        run = dir.resolve("run");
        CliRun trained = CliRun.run(Main::commandLine, "train", "--conf", TrainRunIT.tinyConfig(), "-Drun.dir=" + run,
                "-Ddata.train-hr=" + train, "-Ddata.val-hr=" + val);
        assertEquals(0, trained.status(), trained.err());
        String trainReport = Files.readString(run.resolve("report.html"));
        assertTrue(trainReport.contains("generation 3"), "train wrote the report");
        assertFalse(trainReport.contains("http-equiv=\"refresh\"") || trainReport.contains("<section id=\"running\""),
                "the report is live while train runs (LiveReportTest), final once it ended");

        // What fuse and evaluate leave in a run: a model card beside its weights, and an evaluation.
        Path fused = Files.createDirectories(run.resolve("fused/gen-0003"));
        Files.copy(run.resolve("gen-0003/slot-1.safetensors"), fused.resolve("model.safetensors"));
        new ModelCard(ModelCard.FORMAT, new ModelCard.Architecture(Arch.SRRESNET, 4, 8, 1, 32), "model.safetensors",
                Storage.sha256(Files.readAllBytes(fused.resolve("model.safetensors"))), new ModelCard.Source(run.toString(), 3, List.of(0, 1, 2),
                        List.of(new double[] {1, 0}, new double[] {0.5, 0.5}, new double[] {0, 1}), null, null),
                List.of(), Map.of("val", Map.of("psnr_y", 24.5, "ssim_y", 0.71)))
                .write(fused.resolve("model.json").toString());
        Files.createDirectories(run.resolve("evaluation/val"));
        Files.writeString(run.resolve("evaluation/val/evaluation.json"), """
                {"benchmark": "val", "models": [
                  {"name": "slot-0", "model": "gen-0003/slot-0.safetensors", "psnr_y": 23.9, "ssim_y": 0.69,
                   "lpips": null, "images": [{"name": "val0.png", "psnr_y": 23.9, "ssim_y": 0.69, "lpips": null}]},
                  {"name": "fused", "model": "fused/gen-0003/model.json", "psnr_y": 24.5, "ssim_y": 0.71,
                   "lpips": 0.31, "images": [{"name": "val0.png", "psnr_y": 24.5, "ssim_y": 0.71, "lpips": 0.31}]}]}
                """);
        CliRun report = CliRun.run(Main::commandLine, "report", "--run", run.toString());
        assertEquals(0, report.status(), report.err());
        html = Files.readString(run.resolve("report.html"));
    }

    @Test
    void theReportHasEverySectionAndIsSelfContained() {
        for (String section : List.of("objectives", "losses", "slots", "fused", "evaluation", "crops")) {
            assertTrue(html.contains("<section id=\"" + section + "\">"), section);
        }
        // Objective space and hypervolume, and the four losses of the Adam-trained slots.
        assertEquals(6, count(html, "<svg "));
        assertTrue(html.contains("generation 0<") && html.contains("generation 3<"), "every generation's slots");
        assertTrue(count(html, "<polyline ") >= 4 + 4, "a front per generation, a line per slot and loss");
        // HR, bicubic, the three slots and the fused model, inlined.
        assertEquals(6, count(html, "<img "));
        assertEquals(6, count(html, "src=\"data:image/png;base64,"));
        assertTrue(html.contains("Evaluation on val") && html.contains("0.31"), "evaluation.json's models");
        assertTrue(html.contains("slots [0, 1, 2]"), "the fused card's source");
        assertEquals(List.of("http://www.w3.org/2000/svg"), Stream.of(html.split("[\"' ]"))
                .filter(t -> t.contains("://")).distinct().toList(), "no reference outside the page");
        assertFalse(html.contains("<script"), "no script");
        assertFalse(html.contains("http-equiv") || html.contains("<section id=\"running\""), "not a live report");
    }

    @Test
    void chromiumRendersItWithoutErrorsIntoAScreenshot() throws IOException, InterruptedException {
        String chromium = Chromium.find().orElse(null);
        Assumptions.assumeTrue(chromium != null, Chromium.ABSENT);
        String page = run.resolve("report.html").toUri().toString();
        Chromium.Result dom = Chromium.headless(chromium, dir, page, "--dump-dom");
        assertEquals(0, dom.status(), dom.log());
        assertEquals(6, count(dom.output(), "<svg "), "the DOM Chromium built");
        assertEquals(6, count(dom.output(), "<img "), "the DOM Chromium built");
        Path screenshot = dir.resolve("report.png");
        Chromium.Result shot = Chromium.headless(chromium, dir, page, "--screenshot=" + screenshot,
                "--window-size=1280,2000", "--hide-scrollbars");
        assertEquals(0, shot.status(), shot.log());
        for (Chromium.Result browser : List.of(dom, shot)) {
            List<String> console = browser.log().lines().filter(l -> l.contains("CONSOLE")).toList();
            assertTrue(console.isEmpty(), "console messages: " + console);
        }
        DecodedImage png = ImageCodec.decode(Files.readAllBytes(screenshot), "report.png");
        assertEquals(1280, png.rgb().width());
        assertEquals(2000, png.rgb().height());
        assertTrue(Chromium.contrast(screenshot) > 0.5f, "the screenshot is not blank");
        Files.copy(screenshot, Path.of("target", "report-screenshot.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static void writePng(Path file, long seed) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            ImageCodec.encodePng(SyntheticImages.scene(96, 96, seed), null, 8, out);
        }
    }
}
