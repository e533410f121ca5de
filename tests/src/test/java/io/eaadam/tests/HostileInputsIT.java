package io.eaadam.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eaadam.common.fs.FolderLock;
import io.eaadam.common.fs.Storage;
import io.eaadam.common.testing.TestImages;
import io.eaadam.common.upscale.UpscaleRecord;
import io.eaadam.common.upscale.UpscaleReport;
import io.eaadam.jobs.Main;
import io.eaadam.worker.testing.CliRun;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a hostile archive or a copied run folder can do to each command, on Spark local mode: images that
 * would exhaust memory (a 20000x20000 PNG of 1 MB, a 200000x250 strip, a 3 GB sparse file), garbage, a folder
 * named {@code file:}, tampered weights, cards and manifests, a stored config that tries to include, substitute
 * or configure Spark, a second writer, and every exit status the README promises (0, 1, 2). Each must end as
 * one line naming the thing, the promised status, and no lost or misplaced output.
 */
class HostileInputsIT {

    /** The hostile files of the archive and the words their failed record must contain. */
    private static final Map<String, String> HOSTILE = Map.of(
            "huge.png", "20000x20000",
            "wide.png", "upscale.max-band-mb",
            "sparse.png", "upscale.max-input-bytes",
            "garbage.png", "not a PNG, JPEG, TIFF, WebP or BMP");

    @TempDir
    static Path dir;
    private static Path fixture;
    /** Six good images and the hostile ones, plus {@code nested/file:<dir>/escaped/y.png}. */
    private static Path archive;
    private static Path escaped;

    @BeforeAll
    static void writeTheArchive() throws IOException {
        fixture = LegacyRun.fixture();
        LegacyRun.copyInputs();
        archive = dir.resolve("archive");
        LegacyRun.copy(fixture.resolve("inputs/train"), archive);
        TestImages.blackPng(archive.resolve("huge.png"), 20_000, 20_000);
        TestImages.blackPng(archive.resolve("wide.png"), 200_000, 250);
        try (RandomAccessFile sparse = new RandomAccessFile(archive.resolve("sparse.png").toFile(), "rw")) {
            sparse.setLength(3L << 30);
        }
        Files.writeString(archive.resolve("garbage.png"), "<html>not an image</html>");
        // Joined naively to --output, this input would be written to <dir>/escaped/y.png.
        escaped = dir.resolve("escaped");
        Path uriLike = archive.resolve("nested/file:" + escaped);
        Files.createDirectories(uriLike);
        Files.copy(archive.resolve("img0.png"), uriLike.resolve("y.png"));
    }

    @Test
    void upscaleGivesEachHostileInputItsFailedRecordAndWritesNothingOutside() throws IOException {
        Path output = dir.resolve("upscaled");
        CliRun run = cli("upscale", "--model", card(), "--input", archive.toString(), "--output", output.toString(),
                "--tile", "32", "--device", "cpu");
        assertEquals(1, run.status(), "failed inputs exit 1: " + run.err());
        assertTrue(run.out().contains("7 ok, 0 skipped (done before), 4 failed"), run.out());
        Map<String, UpscaleRecord> records = UpscaleReport.read(Storage.path(output.toString())).stream()
                .collect(Collectors.toMap(r -> archive.relativize(Path.of(Storage.path(r.input()).toUri().getPath()))
                        .toString(), Function.identity()));
        HOSTILE.forEach((file, reason) -> {
            assertEquals(UpscaleRecord.FAILED, records.get(file).status(), file);
            assertTrue(records.get(file).reason().contains(reason), file + ": " + records.get(file).reason());
        });
        assertTrue(Files.isRegularFile(output.resolve("nested/file:" + escaped + "/y.png")), "stays below --output");
        assertFalse(Files.exists(escaped), "nothing is written outside --output");
        assertNoStackTrace(run);

        CliRun again = cli("upscale", "--model", card(), "--input", archive.toString(), "--output", output.toString(),
                "--tile", "32", "--device", "cpu");
        assertTrue(again.out().contains("0 ok, 7 skipped (done before), 4 failed"), again.out());
    }

    @Test
    void inferNamesEachHostileInputOnOneLineAndUpscalesTheRest() throws IOException {
        Path output = dir.resolve("inferred");
        CliRun run = cli("infer", "--model", card(), "--input", archive.toString(), "--output", output.toString(),
                "--tile", "32", "--device", "cpu");
        assertEquals(1, run.status(), run.err());
        HOSTILE.forEach((file, reason) -> assertTrue(run.err().lines().anyMatch(line -> line.contains(file)
                && line.contains(reason.replace("upscale.max-band-mb", "max-band-mb"))), file + ": " + run.err()));
        assertTrue(run.err().contains("4 of 11 inputs failed"), run.err());
        assertTrue(Files.isRegularFile(output.resolve("img5.png")));
        assertNoStackTrace(run);
    }

    @Test
    void trainingDataAndTheReportSkipHostileImagesWithTheirReasons() throws IOException {
        Path run = LegacyRun.copyOfRun(dir, "hostile-data");
        CliRun fuse = cli(concat(List.of("fuse", "--run", run.toString(), "--generation", "2", "--output",
                dir.resolve("hostile-data-fused").toString(), "-Ddata.train-hr=" + archive,
                "-Ddata.val-hr=" + archive), LegacyRun.FUSION));
        assertEquals(0, fuse.status(), fuse.err());
        assertTrue(Files.readString(run.resolve("report.html")).contains("<img"), "the report's crops");
    }

    @Test
    void aBadInputMetInsideATaskIsOneLineAndNotRetried() throws IOException {
        Path run = LegacyRun.copyOfRun(dir, "garbage-set");
        Path garbage = dir.resolve("garbage-set-images");
        Files.createDirectories(garbage);
        Files.writeString(garbage.resolve("a.png"), "not a png");
        // The driver sees an image file; only the fusion task finds that nothing is usable.
        CliRun fuse = cli(concat(List.of("fuse", "--run", run.toString(), "--generation", "2", "--output",
                dir.resolve("garbage-set-fused").toString(), "-Dfusion.set-hr=" + garbage), LegacyRun.FUSION));
        assertEquals(1, fuse.status(), fuse.err());
        assertTrue(fuse.err().contains(garbage + ": no usable image pairs"), fuse.err());
        assertFalse(fuse.err().contains("failed 4 times"), "not retried: " + fuse.err());
        assertNoStackTrace(fuse);
    }

    @Test
    void tamperedWeightsManifestsAndCardsAreRefusedBeforeLoading() throws IOException {
        Path run = LegacyRun.copyOfRun(dir, "tampered");
        Path slot = run.resolve("gen-0002/slot-1.safetensors");
        byte[] bytes = Files.readAllBytes(slot);
        bytes[bytes.length - 1] ^= 1;
        Files.write(slot, bytes);
        CliRun fuse = cli(concat(List.of("fuse", "--run", run.toString(), "--generation", "2", "--output",
                dir.resolve("tampered-fused").toString()), LegacyRun.FUSION));
        assertEquals(1, fuse.status());
        assertOneLine(fuse, slot + ": corrupted (sha256");
        CliRun evaluate = cli("evaluate", "--run", run.toString(), "--benchmark", "target/legacy-run/inputs/val",
                "--output", dir.resolve("tampered-evaluation").toString());
        assertEquals(1, evaluate.status());
        assertOneLine(evaluate, slot + ": corrupted");

        Path card = run.resolve("fused/gen-0002/model.json");
        Files.writeString(card, Files.readString(card).replace("\"model.safetensors\"", "\"../../gen-0002/slot-0.safetensors\""));
        CliRun outside = cli("infer", "--model", card.toString(), "--input", archive.resolve("img0.png").toString(),
                "--output", dir.resolve("outside.png").toString());
        assertEquals(1, outside.status());
        assertOneLine(outside, card + ": weights '../../gen-0002/slot-0.safetensors'");

        Files.writeString(card, Files.readString(card).replace("\"numBlock\": 1", "\"numBlock\": 100000"));
        CliRun unbounded = cli("upscale", "--model", card.toString(), "--input", archive.resolve("img0.png").toString(),
                "--output", dir.resolve("unbounded").toString());
        assertEquals(1, unbounded.status());
        assertOneLine(unbounded, card + ": architecture");

        Path replaced = run.resolve("fused/gen-0002/model.safetensors");
        Files.copy(run.resolve("gen-0002/slot-0.safetensors"), replaced, StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(card, Files.readString(card).replace("\"numBlock\": 100000", "\"numBlock\": 1")
                .replace("\"../../gen-0002/slot-0.safetensors\"", "\"model.safetensors\""));
        CliRun swapped = cli("upscale", "--model", card.toString(), "--input", archive.resolve("img0.png").toString(),
                "--output", dir.resolve("swapped").toString());
        assertEquals(1, swapped.status());
        assertOneLine(swapped, replaced + ": corrupted or replaced");
    }

    @Test
    void aStoredConfigIsDataThatCannotIncludeSubstituteOrConfigureSpark() throws IOException {
        for (String hostile : List.of("include \"/etc/hostname\"", "eaadam.data.val-hr = ${HOME}",
                "spark.local.dir = /tmp/elsewhere", "eaadam.spark.master = \"local[64]\"")) {
            Path run = LegacyRun.copyOfRun(dir, "config-" + Integer.toHexString(hostile.hashCode()));
            Files.writeString(run.resolve("config.conf"), hostile + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
            for (String command : List.of("fuse", "report", "evaluate")) {
                List<String> argv = command.equals("evaluate")
                        ? List.of(command, "--run", run.toString(), "--benchmark", "target/legacy-run/inputs/val")
                        : List.of(command, "--run", run.toString());
                CliRun refused = cli(argv.toArray(String[]::new));
                assertEquals(2, refused.status(), hostile + " in " + command + ": " + refused.err());
                assertOneLine(refused, run.resolve("config.conf").toString());
            }
        }
    }

    @Test
    void aSecondWriterIsRefusedNamingTheFirst() throws IOException {
        Path run = LegacyRun.copyOfRun(dir, "locked");
        Path fusion = dir.resolve("locked-fusion");
        Path upscaled = dir.resolve("locked-upscale");
        for (Path folder : List.of(run, fusion, upscaled)) {
            try (FolderLock first = FolderLock.acquire(folder.toString(), "the first writer")) {
                CliRun second = switch (folder.getFileName().toString()) {
                    case "locked" -> cli("train", "--resume", run.toString());
                    case "locked-fusion" -> cli(concat(List.of("fuse", "--run", run.toString(), "--output",
                            fusion.toString()), LegacyRun.FUSION));
                    default -> cli("upscale", "--model", card(), "--input", archive.resolve("img0.png").toString(),
                            "--output", upscaled.toString());
                };
                assertEquals(1, second.status(), second.err());
                assertOneLine(second, " is in use by the first writer (process ");
            }
        }
        CliRun afterwards = cli("upscale", "--model", card(), "--input", archive.resolve("img0.png").toString(),
                "--output", upscaled.toString(), "--tile", "32");
        assertEquals(0, afterwards.status(), "the lock is gone with its writer: " + afterwards.err());
    }

    @Test
    void everyExitStatusIsTheReadmes() throws IOException {
        Path run = LegacyRun.copyOfRun(dir, "statuses");
        // 2: the command line or a configuration value.
        assertEquals(2, cli("train", "--conf", "demo", "--bogus").status());
        assertEquals(2, cli("train", "--conf", "demo", "-Ddata.bach-size=8").status());
        assertEquals(2, cli("train", "--conf", "demo", "-Ddata.batch-size=x").status());
        assertEquals(2, cli("train", "--conf", "demo", "-Ddata.train-hr=").status());
        assertEquals(2, cli("train", "--resume", run.toString(), "-Ddata.batch-size=8").status());
        assertEquals(2, cli("train", "--resume", run.toString(), "-Dspark.foo").status());
        assertEquals(2, cli("fuse", "--run", run.toString(), "--experts", "0,9").status());
        assertEquals(2, cli("upscale", "--model", card(), "--input", "x", "--output", "y", "--tile", "-3").status());
        // 2: training against a random VGG19 that nobody asked for, before any Spark job.
        CliRun noVgg = cli("train", "--conf", "srresnet-x4", "-Drun.dir=" + dir.resolve("no-vgg"));
        assertEquals(2, noVgg.status());
        assertOneLine(noVgg, "eaadam.loss.perceptual.vgg-weights is empty, so the perceptual loss would use a random "
                + "VGG19");
        assertEquals(2, cli("train-slot", "--conf", "srresnet-x4", "--train", dir.toString(), "--steps", "1",
                "--output", dir.resolve("slot.safetensors").toString()).status());
        assertEquals(2, cli("fuse", "--run", run.toString(), "-Dloss.perceptual.random-vgg=false").status());
        // 1: bad input, a failed run.
        CliRun missing = cli("train", "--conf", "demo", "-Ddata.train-hr=" + dir.resolve("no-such-folder"));
        assertEquals(1, missing.status());
        assertOneLine(missing, dir.resolve("no-such-folder") + ": no such folder");
        assertEquals(1, cli("fuse", "--run", dir.resolve("no-such-run").toString()).status());
        assertEquals(1, cli("infer", "--model", card(), "--input", dir.resolve("none.png").toString(), "--output",
                dir.resolve("none-out.png").toString()).status());
        // 0: help, and a run with nothing wrong.
        assertEquals(0, cli("help").status());
        assertEquals(0, cli("report", "--run", run.toString()).status());
    }

    private static String card() {
        return fixture.resolve("run/fused/gen-0002/model.json").toString();
    }

    private static CliRun cli(String... argv) {
        return CliRun.run(Main::commandLine, argv);
    }

    private static String[] concat(List<String> first, String[] rest) {
        return Stream.concat(first.stream(), Stream.of(rest)).toArray(String[]::new);
    }

    /** The failure is one line on stderr (beside Spark's and our log lines) that contains {@code words}. */
    private static void assertOneLine(CliRun run, String words) {
        List<String> ours = Stream.of(run.errLines()).filter(line -> line.startsWith("eaadam ")).toList();
        assertEquals(1, ours.size(), run.err());
        assertTrue(ours.get(0).contains(words), "'" + words + "' in: " + ours.get(0));
        assertNoStackTrace(run);
    }

    private static void assertNoStackTrace(CliRun run) {
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
    }

}
