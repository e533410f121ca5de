package io.eaadam.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eaadam.common.fs.Storage;
import io.eaadam.common.safetensors.SafeTensorsFiles;
import io.eaadam.common.store.Manifest;
import io.eaadam.common.store.ModelCard;
import io.eaadam.common.store.RunStore;
import io.eaadam.jobs.Main;
import io.eaadam.worker.testing.CliRun;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A run folder written by the previous release ({@link LegacyRun}):
 * today's code resumes it to the very bytes that release wrote for the next generation, fuses it again to
 * the same merged weights (both with that release's convolution kernels), evaluates and reports on it.
 */
class LegacyRunIT {

    /** Generation 3 of the fixture's run, as the previous release wrote it. */
    private static final Map<String, String> GENERATION_3 = Map.of(
            "gen-0003/disc-1-adam.safetensors", "1ca3fed1bca1adb2e4f37874b7a3f3519a1786be8bb6c4e0df7051efdd7c14c3",
            "gen-0003/disc-1.safetensors", "5c40e5d360ac861922fc662d58a8db064d3aa1c8950b9b759d2e6b5cb83b76eb",
            "gen-0003/disc-2-adam.safetensors", "5b2af180e160bc5210ef8f792fdc507b2a95bb5d0e78c2e9494506a90eeb1835",
            "gen-0003/disc-2.safetensors", "d5748b9c59dc5b040c48f116160ab9f9cb916d5fca7d6c0682a771f737ff4cb0",
            "gen-0003/slot-0.safetensors", "fb5dd2206b54740beabf3daba1ae942ff1482bba3d7c564630955ec6f5fa6cf6",
            "gen-0003/slot-1.safetensors", "06ab0f9fa4b1359a8b06b9571273327b1315bed4d8462cd10f15ce94458167a6",
            "gen-0003/slot-2.safetensors", "40f471ba219967bd01b806947e5aaf128d4787faac718960eb7399bfeda60568");

    @TempDir
    static Path dir;
    private static Path fixture;

    @BeforeAll
    static void copyTheInputs() throws IOException {
        fixture = LegacyRun.fixture();
        LegacyRun.copyInputs();
    }

    @Test
    void itResumesToTheBytesThePreviousReleaseWrote() throws IOException, InterruptedException {
        Path run = LegacyRun.copyOfRun(dir, "resumed");
        Path log = dir.resolve("resume.log");
        assertEquals(0, LegacyRun.withTheReleasesKernels(log, "train", "--resume", run.toString()), Files.readString(log));
        Map<String, String> written = new TreeMap<>();
        for (String file : GENERATION_3.keySet()) {
            written.put(file, Storage.sha256(Files.readAllBytes(run.resolve(file))));
        }
        assertEquals(new TreeMap<>(GENERATION_3), written);
        Manifest generation3 = new RunStore(run.toString()).readManifest(3);
        assertEquals(Manifest.FORMAT, generation3.format());
        assertEquals("adam", generation3.phase());
        assertEquals(4, Files.readAllLines(run.resolve("metrics.jsonl")).size(), "three old lines and one new");
    }

    @Test
    void itFusesToTheSameWeightsAndReportsItsOldFiles() throws IOException, InterruptedException {
        Path run = LegacyRun.copyOfRun(dir, "fused");
        Path again = dir.resolve("fused-again");
        Path log = dir.resolve("fuse.log");
        int fused = LegacyRun.withTheReleasesKernels(log, Stream.concat(Stream.of("fuse", "--run", run.toString(),
                "--generation", "2", "--output", again.toString()), Stream.of(LegacyRun.FUSION)).toArray(String[]::new));
        assertEquals(0, fused, Files.readString(log));
        String oldCard = run.resolve("fused/gen-0002/model.json").toString();
        ModelCard old = ModelCard.read(oldCard);
        assertEquals("eaadam-model/1", old.format());
        assertEquals(SafeTensorsFiles.read(old.weightsPath(oldCard)).toGenome(),
                SafeTensorsFiles.read(again.resolve("model.safetensors").toString()).toGenome());

        CliRun report = CliRun.run(Main::commandLine, "report", "--run", run.toString());
        assertEquals(0, report.status(), report.err());
        String html = Files.readString(run.resolve("report.html"));
        assertTrue(html.contains("fused/gen-0002") && html.contains("generation 2, slots [0, 1, 2]"), "the old card");
        assertTrue(html.contains("Evaluation on val"), "the old evaluation");
        assertTrue(html.contains("l1 loss"), "the old metrics' loss curves");

        CliRun evaluate = CliRun.run(Main::commandLine, "evaluate", "--run", run.toString(), "--benchmark",
                "target/legacy-run/inputs/val", "--output", dir.resolve("evaluation").toString());
        assertEquals(0, evaluate.status(), evaluate.err());
        assertTrue(evaluate.out().contains("fused/gen-0002"), evaluate.out());
    }

}
