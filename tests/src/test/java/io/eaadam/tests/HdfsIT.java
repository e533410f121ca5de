package io.eaadam.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eaadam.common.fs.Storage;
import io.eaadam.common.image.Image;
import io.eaadam.common.image.ImageCodec;
import io.eaadam.common.image.SyntheticImages;

import io.eaadam.jobs.Main;
import io.eaadam.tests.cluster.StandaloneCluster;
import io.eaadam.worker.testing.CliRun;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * eaadam with HDFS as its storage: a {@link MiniDFSCluster} (a real NameNode and DataNode on 127.0.0.1)
 * holds the training data, the run, the event log and an image archive. A run on HDFS is byte for byte the
 * same run on the local disk, resumes after a kill, and fuses, evaluates and reports there; an archive
 * upscales from HDFS and from the local disk to HDFS, a rerun skips what is done and a run killed mid-way
 * finishes the rest; a History Server reads the event log there.
 */
public class HdfsIT {

    @TempDir
    static java.nio.file.Path dir;
    private static MiniDFSCluster cluster;
    private static FileSystem hdfs;
    private static String root;
    private static String data;
    private static String run;

    @BeforeAll
    static void startHdfsAndTrain() throws IOException {
        cluster = startHdfs(dir.resolve("dfs"));
        hdfs = cluster.getFileSystem();
        root = cluster.getURI().toString();
        data = root + "/data/train";
        for (int i = 0; i < 6; i++) {
            write(data + "/img" + i + ".png", SyntheticImages.scene(96, 96, i));
        }
        for (int i = 0; i < 2; i++) {
            write(root + "/data/val/HR/v" + i + ".png", SyntheticImages.scene(64, 48, 100 + i));
        }
        run = root + "/runs/r1";
        train("-Drun.dir=" + run, "-Dspark.eventLog.enabled=true", "-Dspark.eventLog.dir=" + root + "/events");
    }

    /** A NameNode and one DataNode keeping their files under {@code dir}. */
    public static MiniDFSCluster startHdfs(java.nio.file.Path dir) throws IOException {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.toString());
        MiniDFSCluster started = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        started.waitActive();
        return started;
    }

    @AfterAll
    static void stopHdfs() {
        if (cluster != null) {
            cluster.shutdown();
        }
    }

    @Test
    void aRunOnHdfsIsTheSameRunOnTheLocalDiskAndResumesAfterAKill() throws IOException {
        String local = dir.resolve("local-run").toString();
        train("-Drun.dir=" + local);
        Map<String, String> onHdfs = generationFiles(run);
        assertEquals(onHdfs, generationFiles(local));

        // Killed while writing generation 3: its files are partly there, its manifest is not.
        String resumed = root + "/runs/resumed";
        for (FileStatus entry : hdfs.listStatus(new Path(run))) {
            String name = entry.getPath().getName();
            if (!name.startsWith("gen-") || Integer.parseInt(name.substring(4, 8)) <= 2) {
                FileUtil.copy(hdfs, entry.getPath(), hdfs, new Path(resumed, name), false, hdfs.getConf());
            }
        }
        Storage.writeAtomically(new Path(resumed + "/gen-0003/slot-0.safetensors"), out -> out.write(7));
        CliRun resume = CliRun.run(Main::commandLine, "train", "--resume", resumed);
        assertEquals(0, resume.status(), resume.err());
        assertEquals(onHdfs, generationFiles(resumed));
    }

    @Test
    void fuseEvaluateAndReportWorkOnARunOnHdfs() throws IOException {
        CliRun fuse = cli(Stream.concat(Stream.of("fuse", "--run", run, "--generation", "3"), Stream.of(FUSION)));
        assertEquals(0, fuse.status(), fuse.err());
        assertTrue(hdfs.exists(new Path(run + "/fused/gen-0003/model.json")));
        assertTrue(hdfs.exists(new Path(run + "/fused/gen-0003/model.safetensors")));

        CliRun evaluate = cli(Stream.of("evaluate", "--run", run, "--benchmark", root + "/data/val"));
        assertEquals(0, evaluate.status(), evaluate.err());
        assertTrue(hdfs.exists(new Path(run + "/evaluation/val/evaluation.json")));

        CliRun report = cli(Stream.of("report", "--run", run));
        assertEquals(0, report.status(), report.err());
        String html = new String(Storage.readAll(new Path(run + "/report.html")), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(html.contains("fused/gen-0003") && html.contains("Evaluation on val"), "the report reads HDFS");
    }

    @Test
    void anArchiveUpscalesFromHdfsAndFromTheLocalDiskToHdfsAndARerunSkipsWhatIsDone() throws IOException {
        String model = run + "/gen-0003/slot-1.safetensors";
        String[] small = {"--num-feat", "8", "--num-block", "1"};
        String archive = root + "/archive";
        for (int i = 0; i < 3; i++) {
            write(archive + "/album/p" + i + ".png", SyntheticImages.scene(40, 32, 200 + i));
        }
        String output = root + "/upscaled";
        CliRun first = cli(Stream.concat(Stream.of("upscale", "--model", model, "--input", archive, "--output", output),
                Stream.of(small)));
        assertEquals(0, first.status(), first.err());
        assertTrue(first.out().contains("3 ok, 0 skipped"), first.out());
        CliRun again = cli(Stream.concat(Stream.of("upscale", "--model", model, "--input", archive, "--output", output),
                Stream.of(small)));
        assertTrue(again.out().contains("0 ok, 3 skipped"), again.out());
        // Killed while writing p1: its output not there yet, a hidden temporary beside it.
        assertTrue(hdfs.delete(new Path(output + "/album/p1.png"), false));
        Storage.writeAtomically(new Path(output + "/album/.p1.png.tmp-killed"), out -> out.write(1));
        CliRun resumed = cli(Stream.concat(Stream.of("upscale", "--model", model, "--input", archive, "--output",
                output), Stream.of(small)));
        assertTrue(resumed.out().contains("1 ok, 2 skipped"), resumed.out());
        assertTrue(hdfs.exists(new Path(output + "/album/p1.png")));
        assertFalse(hdfs.exists(new Path(output + "/album/.p1.png.tmp-killed")), "the partial output is deleted");

        java.nio.file.Path localArchive = Files.createDirectories(dir.resolve("local-archive"));
        for (int i = 0; i < 2; i++) {
            try (var out = Files.newOutputStream(localArchive.resolve("q" + i + ".png"))) {
                ImageCodec.encodePng(SyntheticImages.scene(40, 32, 300 + i), null, 8, out);
            }
        }
        String fromLocal = root + "/upscaled-from-local";
        CliRun local = cli(Stream.concat(Stream.of("upscale", "--model", model, "--input", localArchive.toString(),
                "--output", fromLocal), Stream.of(small)));
        assertEquals(0, local.status(), local.err());
        assertTrue(hdfs.exists(new Path(fromLocal + "/q1.png")));
        assertFalse(hdfs.exists(new Path(fromLocal + "/.q1.png.crc")));
    }

    @Test
    void theHistoryServerReadsTheEventLogFromHdfs() throws IOException, InterruptedException {
        try (StandaloneCluster spark = StandaloneCluster.withoutDaemons(dir.resolve("history"))) {
            String api = spark.historyServer(root + "/events");
            JsonArray applications = new JsonArray();
            for (int tries = 0; applications.isEmpty() && tries < 60; tries++) {
                Thread.sleep(1000); // the History Server scans the folder every second
                applications = JsonParser.parseString(StandaloneCluster.get(api + "/applications",
                        Duration.ofSeconds(30))).getAsJsonArray();
            }
            assertEquals(1, applications.size(), applications.toString());
            String id = applications.get(0).getAsJsonObject().get("id").getAsString();
            String jobs = StandaloneCluster.get(api + "/applications/" + id + "/jobs", Duration.ofSeconds(30));
            assertTrue(jobs.contains("generation 1 / Adam phase"), jobs);
        }
    }

    private static final String[] FUSION = {"-Dfusion.epochs=1", "-Dfusion.checkpoint-epochs=1",
        "-Dfusion.head-features=4", "-Dfusion.head-params=6", "-Dfusion.head-hidden=3", "-Dfusion.set-images=2",
        "-Dfusion.lr=1e-3"};

    private static CliRun cli(Stream<String> args) {
        return CliRun.run(Main::commandLine, args.toArray(String[]::new));
    }

    private static void train(String... extra) {
        CliRun train = cli(Stream.concat(Stream.of("train", "--conf", TrainRunIT.tinyConfig(), "-Ddata.train-hr=" + data,
                "-Ddata.val-hr=" + root + "/data/val/HR"), Stream.of(extra)));
        assertEquals(0, train.status(), train.err());
    }

    private static void write(String uri, Image image) throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageCodec.encodePng(image, null, 8, png);
        Storage.writeAtomically(new Path(uri), out -> out.write(png.toByteArray()));
    }

    /** The sha256 of every file of every generation, by path relative to the run. */
    private static Map<String, String> generationFiles(String runUri) throws IOException {
        Path base = Storage.qualified(new Path(runUri));
        FileSystem fs = Storage.fs(base);
        Map<String, String> result = new TreeMap<>();
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(base, true);
        while (files.hasNext()) {
            Path file = files.next().getPath();
            String name = file.toUri().getPath().substring(base.toUri().getPath().length() + 1);
            if (name.startsWith("gen-") && !name.endsWith(".crc")) {
                result.put(name, Storage.sha256(Storage.readAll(file)));
            }
        }
        return result;
    }
}
