package io.eaadam.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eaadam.common.fs.Storage;
import io.eaadam.common.image.DecodedImage;
import io.eaadam.common.image.Image;
import io.eaadam.common.image.ImageCodec;
import io.eaadam.common.image.SyntheticImages;
import io.eaadam.common.metrics.Psnr;
import io.eaadam.common.upscale.UpscaleRecord;
import io.eaadam.common.upscale.UpscaleReport;
import io.eaadam.jobs.Main;
import io.eaadam.worker.testing.CliRun;
import io.eaadam.worker.testing.PyTorch;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code upscale} on Spark local mode with a tiny x2 model over an archive of a few hundred images (synthetic
 * scenes, downscaled photos, grey, 16-bit, alpha, EXIF-rotated) and a dozen broken files: every good image
 * comes out at the right size, every bad one is reported with its reason, and the exit status is 0. A run
 * killed half-way through an output and started again leaves no partial file and redoes nothing.
 */
class UpscaleJobIT {

    private static final int SCALE = 2;

    @TempDir
    static Path dir;
    private static Path model;
    private static Path input;
    private static UpscaleFixtures.Archive archive;

    @BeforeAll
    static void makeArchive() throws IOException {
        model = UpscaleFixtures.tinyModel(dir.resolve("model"), SCALE, 8, 1);
        input = dir.resolve("archive");
        archive = UpscaleFixtures.archive(input, 200);
    }

    @Test
    void everyGoodImageComesOutAtItsSizeAndEveryBadOneIsReported() throws IOException {
        Path output = dir.resolve("out");
        CliRun run = upscale(output);
        assertEquals(1, run.status(), "inputs failed: " + run.err());
        assertTrue(run.out().contains(archive.good().size() + " ok, 0 skipped (done before), "
                + archive.bad().size() + " failed"), run.out());
        Map<String, UpscaleRecord> report = report(output);
        assertEquals(archive.good().size() + archive.bad().size(), report.size(), "hidden and non-image files are no inputs");
        for (UpscaleFixtures.Good good : archive.good()) {
            UpscaleRecord record = report.get(good.relative());
            assertEquals(UpscaleRecord.OK, record.status(), good + ": " + record.reason());
            String stem = good.relative().substring(0, good.relative().lastIndexOf('.'));
            Path out = output.resolve(stem + ".png");
            DecodedImage image = UpscaleFixtures.decode(out);
            assertEquals(SCALE * good.width(), image.width(), good.relative());
            assertEquals(SCALE * good.height(), image.height(), good.relative());
            assertEquals(good.bitDepth(), image.bitDepth(), good.relative());
            assertEquals(good.alpha(), image.alpha() != null, good.relative());
            assertEquals(Files.size(out), record.outputBytes());
            assertEquals(Files.size(input.resolve(good.relative())), record.inputBytes());
        }
        for (Map.Entry<String, String> bad : archive.bad().entrySet()) {
            UpscaleRecord record = report.get(bad.getKey());
            assertEquals(UpscaleRecord.FAILED, record.status(), bad.getKey());
            assertTrue(record.reason().contains(bad.getKey()) && record.reason().contains(bad.getValue()),
                    bad.getKey() + ": " + record.reason());
            if (!bad.getKey().startsWith("bad/twin")) {
                assertTrue(!Files.exists(output.resolve(bad.getKey().replaceFirst("\\.\\w+$", ".png"))), bad.getKey());
            }
        }
        assertTrue(run.err().contains("bad/crc.png"), "failures are named on stderr too");
        List<String> csv = Files.readAllLines(output.resolve(UpscaleReport.CSV));
        assertEquals(report.size() + 1, csv.size());
        assertEquals(List.of(), UpscaleFixtures.temporaries(output));
    }

    @Test
    void jpegOutputDropsAlphaAndKeepsTheSize() throws IOException {
        Path output = dir.resolve("jpeg");
        CliRun run = upscale(output, "--format", "jpeg", "--quality", "90", "--input", input.resolve("odd").toString());
        assertEquals(0, run.status(), run.err());
        DecodedImage alpha = UpscaleFixtures.decode(output.resolve("alpha.jpg"));
        assertEquals(null, alpha.alpha());
        assertEquals(80, alpha.width());
        assertEquals(56, UpscaleFixtures.decode(output.resolve("rotated.jpg")).width());
    }

    @Test
    void aKilledRunResumesWithoutPartialFilesOrRedoneImages() throws Exception {
        Path output = dir.resolve("killed");
        Path log = dir.resolve("killed.log");
        // The forked JVM halts half-way through its 60th output, as a killed executor would.
        int status = UpscaleFixtures.forkEaadam("1g", log, 240, "upscale", "--model", model.toString(), "--input",
                input.toString(), "--output", output.toString(), "--tile", "48", "--overlap", "8", "--device", "cpu",
                "-Dupscale.halt-at-output=60", "-Dupscale.max-input-pixels=1000000", "-Dspark.master=local[2]");
        assertEquals(137, status, Files.readString(log));
        // The halted output, and the one the other task was writing, are left as hidden temporaries.
        assertTrue(UpscaleFixtures.temporaries(output).stream().anyMatch(p -> !p.toString().endsWith(".crc")));
        Map<Path, FileTime> before = outputs(output);
        // Of the 59 outputs started before, the other task's may be unfinished; it may also finish a few more.
        assertTrue(before.size() >= 58 && before.size() < 64, "outputs before the kill: " + before.size());

        CliRun rerun = upscale(output);
        assertEquals(1, rerun.status(), "the archive's broken inputs fail again: " + rerun.err());
        assertEquals(List.of(), UpscaleFixtures.temporaries(output));
        Map<String, UpscaleRecord> report = report(output);
        long skipped = report.values().stream().filter(r -> r.status().equals(UpscaleRecord.SKIPPED)).count();
        assertEquals(before.size(), skipped);
        assertEquals(archive.good().size() - before.size(),
                report.values().stream().filter(r -> r.status().equals(UpscaleRecord.OK)).count());
        Map<Path, FileTime> after = outputs(output);
        assertEquals(archive.good().size(), after.size());
        for (Map.Entry<Path, FileTime> done : before.entrySet()) {
            assertEquals(done.getValue(), after.get(done.getKey()), done.getKey() + " was written again");
        }
        for (Path out : after.keySet()) {
            UpscaleFixtures.decode(out); // every output is complete
        }
    }

    @Test
    void outputsOfOtherSettingsAreRedoneOrRefusedNeverSkipped() throws IOException {
        Path output = dir.resolve("settings");
        String odd = input.resolve("odd").toString();
        int images = (int) report(run(output, odd, "48")).values().stream().count();
        Map<String, UpscaleRecord> same = report(run(output, odd, "48"));
        assertTrue(same.values().stream().allMatch(r -> r.status().equals(UpscaleRecord.SKIPPED)), same.toString());
        Map<String, UpscaleRecord> otherTile = report(run(output, odd, "40"));
        assertEquals(images, otherTile.values().stream().filter(r -> r.status().equals(UpscaleRecord.OK)).count(),
                "outputs made with tile 48 are upscaled again with tile 40");
        CliRun refused = upscale(output, "--input", odd, "--tile", "48", "--conf",
                Files.writeString(dir.resolve("refuse.conf"), "eaadam.upscale.on-changed-settings = refuse").toString());
        assertEquals(1, refused.status());
        assertTrue(refused.err().contains("its outputs were made with tile 40 (asked: 48)"), refused.err());
    }

    private static Path run(Path output, String folder, String tile) {
        CliRun run = upscale(output, "--input", folder, "--tile", tile);
        assertEquals(0, run.status(), run.err());
        return output;
    }

    /**
     * A lightweight SwinIR checkpoint as BasicSR publishes it ({@code params_ema}, with its derived buffers),
     * converted by tools/convert_pth.py, upscales without architecture options: from one tile as PyTorch does
     * (within a grey level), and through tiles of 14, each mirror-padded to the window of 4.
     */
    @Test
    void aConvertedSwinIrCheckpointUpscalesThroughTiles() throws Exception {
        PyTorch.assumeAvailable();
        Path checkpoints = dir.resolve("swinir");
        PyTorch.runTool("reference/make_checkpoints.py", checkpoints);
        Path weights = checkpoints.resolve("swinir_light.safetensors");
        PyTorch.runTool("convert_pth.py", checkpoints.resolve("swinir_light.pth"), weights);
        Path photo = Files.createDirectories(checkpoints.resolve("in")).resolve("scene.png");
        Files.move(checkpoints.resolve("swinir_light_input.png"), photo);
        Image pytorch = UpscaleFixtures.decode(checkpoints.resolve("swinir_light_sr.png")).rgb();
        Image[] outputs = new Image[2];
        String[] tiles = {"64", "14"};
        for (int i = 0; i < tiles.length; i++) {
            Path output = checkpoints.resolve("out-" + tiles[i]);
            CliRun run = upscale(output, "--model", weights.toString(), "--input", photo.getParent().toString(),
                    "--tile", tiles[i], "--overlap", "4");
            assertEquals(0, run.status(), run.err());
            outputs[i] = UpscaleFixtures.decode(output.resolve("scene.png")).rgb();
            assertEquals(76, outputs[i].width());
            assertEquals(60, outputs[i].height());
        }
        float[] expected = pytorch.data();
        float[] whole = outputs[0].data();
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], whole[i], 1.01 / 255, "one tile: value " + i);
        }
        // Random weights see far: tiles differ from the whole image, but not wildly.
        double psnr = Psnr.rgb(outputs[1], outputs[0], 0);
        assertTrue(psnr > 20, "tiles of 14 against one tile: " + psnr + " dB");
    }

    private static CliRun upscale(Path output, String... extra) {
        Map<String, String> options = new HashMap<>(Map.of("--model", model.toString(), "--input", input.toString(),
                "--output", output.toString(), "--tile", "48", "--overlap", "8", "--device", "cpu"));
        for (int i = 0; i < extra.length; i += 2) {
            options.put(extra[i], extra[i + 1]);
        }
        Stream<String> args = Stream.concat(Stream.of("upscale", "-Dupscale.max-input-pixels=1000000"),
                options.entrySet().stream().flatMap(e -> Stream.of(e.getKey(), e.getValue())));
        return CliRun.run(Main::commandLine, args.toArray(String[]::new));
    }

    /** The report's records by input path relative to the archive. */
    private static Map<String, UpscaleRecord> report(Path output) throws IOException {
        String root = input.toUri().getPath();
        return UpscaleReport.read(Storage.path(output.toString())).stream().collect(Collectors.toMap(
                r -> Storage.path(r.input()).toUri().getPath().substring(root.length()).replaceFirst("^/+", ""),
                Function.identity()));
    }

    private static Map<Path, FileTime> outputs(Path output) throws IOException {
        try (Stream<Path> walk = Files.walk(output)) {
            Map<Path, FileTime> times = new HashMap<>();
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                String name = p.getFileName().toString();
                if (!name.startsWith(".") && name.endsWith(".png")) {
                    times.put(p, Files.getLastModifiedTime(p));
                }
            }
            return times;
        }
    }
}
