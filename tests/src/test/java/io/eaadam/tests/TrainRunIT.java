package io.eaadam.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eaadam.common.fs.Storage;
import io.eaadam.common.genome.Genome;
import io.eaadam.common.image.Image;
import io.eaadam.common.image.ImageCodec;
import io.eaadam.common.image.SyntheticImages;
import io.eaadam.common.safetensors.SafeTensorsFiles;
import io.eaadam.common.store.Manifest;
import io.eaadam.common.store.RunStore;
import io.eaadam.common.store.WarmStart;

import io.eaadam.jobs.Main;
import io.eaadam.worker.testing.CliRun;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code train} on Spark local mode with a tiny population (tests/src/test/resources/conf/tiny-population.conf):
 * reruns give byte-identical generations, a task that fails and is retried by Spark changes nothing, a
 * resumed run ends exactly where an uninterrupted one does, and a corrupted file is named.
 */
public class TrainRunIT {

    @TempDir
    static Path dir;
    private static Path data;
    private static Path reference;

    @BeforeAll
    static void trainOnce() throws IOException {
        data = Files.createDirectories(dir.resolve("data"));
        for (int i = 0; i < 6; i++) {
            Image image = SyntheticImages.scene(96, 96, i);
            try (OutputStream out = Files.newOutputStream(data.resolve("img" + i + ".png"))) {
                ImageCodec.encodePng(image, null, 8, out);
            }
        }
        reference = dir.resolve("reference");
        train(reference);
    }

    @Test
    void aRunHasEveryGenerationAndItsReport() throws IOException {
        Manifest last = manifest(reference, 3);
        assertEquals("adam", last.phase());
        assertEquals(List.of("warm-start", "adam", "ea", "adam"),
                Stream.of(0, 1, 2, 3).map(g -> manifest(reference, g).phase()).toList());
        assertEquals(3, last.slots().size());
        assertFalse(last.paretoFront().isEmpty());
        assertTrue(last.hypervolume() > 0);
        List<String> metrics = Files.readAllLines(reference.resolve("metrics.jsonl"));
        assertEquals(4, metrics.size());
        assertTrue(metrics.get(2).contains("\"replacements\"") && metrics.get(3).contains("\"losses\""), metrics.get(3));
        assertTrue(Files.isRegularFile(reference.resolve("gen-0003/disc-1.safetensors")));
        assertTrue(Files.isRegularFile(reference.resolve("config.conf")));
    }

    @Test
    void theSameSeedGivesByteIdenticalGenerations() throws IOException {
        Path again = dir.resolve("again");
        train(again);
        assertEquals(files(reference), files(again));
    }

    @Test
    void aFailedAndRetriedTaskChangesNothing() throws IOException {
        Path faulty = dir.resolve("faulty");
        CliRun run = train(faulty, "-Dfaults.adam-slot=1", "-Dfaults.adam-phase=2");
        assertTrue(run.status() == 0, run.err());
        // The manifests differ only in the configuration they record (the fault switch).
        assertEquals(weights(reference), weights(faulty));
        for (int g = 0; g <= 3; g++) {
            for (int k = 0; k < 3; k++) {
                assertArrayEquals(manifest(reference, g).slots().get(k).objectives(),
                        manifest(faulty, g).slots().get(k).objectives());
            }
        }
    }

    /**
     * The reference ran its EA stages on local mode's two workers; one worker, three (one of them without EA
     * images: the set has two) and a stage retried after a worker failed give the same bytes, manifests included.
     */
    @Test
    void anEaStageGivesTheSameBytesOnAnyNumberOfWorkersAndAfterARetry() throws IOException {
        Map<String, String> expected = files(reference);
        assertEquals(expected, files(trainVariant("one-worker", "-Dea.workers=1")));
        assertEquals(expected, files(trainVariant("three-workers", "-Dea.workers=3", "-Dspark.master=local[3,4]")));
        Path retried = trainVariant("retried-stage", "-Dfaults.ea-rank=1", "-Dfaults.ea-epoch=2");
        assertEquals(weights(reference), weights(retried)); // the manifests record the fault switch
        for (int g = 0; g <= 3; g++) {
            for (int k = 0; k < 3; k++) {
                assertArrayEquals(manifest(reference, g).slots().get(k).objectives(),
                        manifest(retried, g).slots().get(k).objectives());
            }
        }
        String eaLine = Files.readAllLines(reference.resolve("metrics.jsonl")).get(2);
        assertTrue(eaLine.contains("\"ea_workers\":[{") && eaLine.contains("\"children\":6"), eaLine);
    }

    @Test
    void batchModeGivesTheSameBytesOnOneWorkerAndOnThree() throws IOException {
        Path one = trainVariant("batch-one", "-Dea.mode=batch", "-Dea.workers=1");
        Path three = trainVariant("batch-three", "-Dea.mode=batch", "-Dea.workers=3", "-Dspark.master=local[3,4]");
        assertEquals(files(one), files(three));
        assertFalse(files(one).equals(files(reference)), "batch mode is another order of children");
    }

    @Test
    void moreEaWorkersThanTheClusterRunsAtOnceIsOneLine() {
        CliRun run = CliRun.run(Main::commandLine, "train", "--conf", tinyConfig(),
                "-Drun.dir=" + dir.resolve("too-many"), "-Ddata.train-hr=" + data, "-Dea.workers=3",
                "-Dspark.scheduler.barrier.maxConcurrentTasksCheck.interval=1s");
        assertEquals(2, run.status(), run.err());
        assertTrue(run.err().contains("ea.workers = 3: an EA stage runs its 3 workers at once and the cluster has 2 "
                + "task slots"), run.err());
        assertEquals(1, run.err().lines().filter(l -> !l.isBlank()).count(), run.err());
    }

    private static Path trainVariant(String name, String... extra) {
        Path run = dir.resolve(name);
        train(run, extra);
        return run;
    }

    @Test
    void aResumedRunEndsWhereAnUninterruptedOneDoes() throws IOException {
        Path resumed = copyUpTo(reference, dir.resolve("resumed"), 2);
        // A driver killed while writing generation 3 leaves files but no manifest.
        Files.createDirectories(resumed.resolve("gen-0003"));
        Files.writeString(resumed.resolve("gen-0003/slot-0.safetensors"), "partial");
        CliRun run = CliRun.run(Main::commandLine, "train", "--resume", resumed.toString());
        assertEquals(0, run.status(), run.err());
        assertEquals(files(reference), files(resumed));
    }

    @Test
    void aFinishedRunContinuesUnderALongerScheduleAsIfItHadBeenLongFromTheStart() throws IOException {
        Path continued = copyUpTo(reference, dir.resolve("continued"), 3);
        Map<String, String> before = files(continued);
        CliRun run = CliRun.run(Main::commandLine, "train", "--resume", continued.toString(), "-Dschedule.epochs=5");
        assertEquals(0, run.status(), run.err());
        Map<String, String> after = files(continued);
        before.forEach((file, sha256) -> assertEquals(sha256, after.get(file), file + " was written again"));

        Path longer = dir.resolve("longer");
        train(longer, "-Dschedule.epochs=5");
        Map<String, String> fromTheStart = files(longer);
        assertEquals(weights(longer), weights(continued));
        for (String file : List.of("gen-0004/manifest.json", "gen-0005/manifest.json")) {
            assertEquals(fromTheStart.get(file), after.get(file), file);
        }
        assertEquals(Files.readString(longer.resolve("config.conf")), Files.readString(continued.resolve("config.conf")));

        CliRun shorter = CliRun.run(Main::commandLine, "train", "--resume", continued.toString(), "-Dschedule.epochs=2");
        assertEquals(2, shorter.status());
        assertTrue(shorter.err().contains("trained through epoch 5"), shorter.err());
        CliRun other = CliRun.run(Main::commandLine, "train", "--resume", continued.toString(), "-Ddata.batch-size=2");
        assertEquals(2, other.status());
        assertTrue(other.err().contains("only -Dschedule.epochs=N"), other.err());
    }

    @Test
    void withoutInitWeightsStageZeroTrainsTheWarmStartAndARestartReusesIt() throws IOException {
        Path run = dir.resolve("stage-zero");
        train(run, "-Dschedule.warm-start-steps=6", "-Dschedule.epochs=0");
        WarmStart warmStart = WarmStart.read(new RunStore(run.toString())).orElseThrow();
        assertEquals(6, warmStart.steps());
        assertFalse(warmStart.losses().isEmpty());
        Genome trained = SafeTensorsFiles.read(run.resolve(WarmStart.WEIGHTS).toString()).toGenome();
        for (Manifest.Slot slot : manifest(run, 0).slots()) {
            assertEquals(trained, SafeTensorsFiles.read(run.resolve(slot.generator().path()).toString()).toGenome(),
                    "slot " + slot.slot() + " starts from stage 0");
        }
        assertFalse(trained.equals(SafeTensorsFiles.read(reference.resolve("gen-0000/slot-0.safetensors").toString())
                .toGenome()), "stage 0 trained the seeded init");

        // Killed before generation 0 was written: the same command reuses stage 0.
        Map<String, String> first = files(run);
        try (Stream<Path> walk = Files.walk(run)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (run.relativize(p).toString().startsWith("gen-") || p.getFileName().toString().startsWith("metrics")) {
                    Files.delete(p);
                }
            }
        }
        train(run, "-Dschedule.warm-start-steps=6", "-Dschedule.epochs=0");
        assertEquals(warmStart, WarmStart.read(new RunStore(run.toString())).orElseThrow(), "not trained again");
        assertEquals(first, files(run));
    }

    @Test
    void batchModeAndNsga2SelectionRunAndReplaceSlots() throws IOException {
        Path nsga2 = dir.resolve("nsga2");
        train(nsga2, "-Dea.mode=batch", "-Dea.selection=nsga2", "-Dea.iterations=3");
        Manifest afterEa = manifest(nsga2, 2);
        assertEquals("ea", afterEa.phase());
        String metrics = Files.readAllLines(nsga2.resolve("metrics.jsonl")).get(2);
        assertTrue(metrics.contains("\"children\":9"), metrics);
        // NSGA-II orders the survivors by distortion: f1 ascends with the slot (slot 0 stays frozen).
        List<double[]> objectives = afterEa.slots().stream().map(Manifest.Slot::objectives).toList();
        for (int k = 2; k < objectives.size(); k++) {
            assertTrue(objectives.get(k - 1)[0] <= objectives.get(k)[0], metrics);
        }
    }

    @Test
    void aCorruptedFileIsNamedOnResume() throws IOException {
        Path broken = copyUpTo(reference, dir.resolve("broken"), 2);
        Path slot = broken.resolve("gen-0002/slot-1.safetensors");
        byte[] bytes = Files.readAllBytes(slot);
        bytes[bytes.length - 3] ^= 0x5A;
        Files.write(slot, bytes);
        CliRun run = CliRun.run(Main::commandLine, "train", "--resume", broken.toString());
        assertEquals(1, run.status());
        assertTrue(run.err().contains("gen-0002/slot-1.safetensors: corrupted"), run.err());
        assertEquals(1, run.err().lines().filter(l -> !l.isBlank()).count(), run.err());
    }

    private static CliRun train(Path run, String... extra) {
        String[] args = Stream.concat(Stream.of("train", "--conf", tinyConfig(), "-Drun.dir=" + run,
                "-Ddata.train-hr=" + data), Stream.of(extra)).toArray(String[]::new);
        CliRun cli = CliRun.run(Main::commandLine, args);
        assertEquals(0, cli.status(), cli.err());
        return cli;
    }

    /** tests/src/test/resources/conf/tiny-population.conf. */
    public static String tinyConfig() {
        try {
            return Path.of(TrainRunIT.class.getResource("/conf/tiny-population.conf").toURI()).toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Manifest manifest(Path run, int generation) {
        try {
            return new RunStore(run.toString()).readManifest(generation);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The sha256 of every file of every generation, by relative path (Hadoop's .crc side files left out). */
    private static Map<String, String> files(Path run) throws IOException {
        Map<String, String> result = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(run)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                String name = run.relativize(p).toString();
                if (name.startsWith("gen-") && !name.endsWith(".crc")) {
                    result.put(name, Storage.sha256(Files.readAllBytes(p)));
                }
            }
        }
        return result;
    }

    private static Map<String, String> weights(Path run) throws IOException {
        Map<String, String> all = files(run);
        all.keySet().removeIf(name -> !name.endsWith(".safetensors"));
        return all;
    }

    private static Path copyUpTo(Path from, Path to, int lastGeneration) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.sorted(Comparator.naturalOrder()).toList()) {
                String name = from.relativize(p).toString();
                if (name.matches("gen-\\d+.*") && Integer.parseInt(name.substring(4, 8)) > lastGeneration) {
                    continue;
                }
                Path target = to.resolve(name);
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }
}
