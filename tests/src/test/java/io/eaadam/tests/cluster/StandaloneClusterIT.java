package io.eaadam.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.eaadam.common.image.Image;
import io.eaadam.common.image.ImageCodec;
import io.eaadam.common.image.SyntheticImages;
import io.eaadam.common.safetensors.SafeTensorsFiles;
import io.eaadam.common.store.GenerationMetrics;
import io.eaadam.common.store.ModelCard;
import io.eaadam.common.store.Placement;
import io.eaadam.common.store.RunStore;
import io.eaadam.jobs.spark.SparkSetup;
import io.eaadam.tests.Chromium;
import io.eaadam.tests.SparkUi;
import io.eaadam.tests.TrainRunIT;
import io.eaadam.tests.UpscaleFixtures;
import io.eaadam.worker.runtime.TorchRuntime;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code train} on a real Spark standalone cluster (a Master and two Workers on 127.0.0.1, two fake GPU
 * addresses each), submitted through Spark's submit entry point: every Adam-phase task of a phase gets its
 * own GPU (executor, address), the DJL device follows the address (the CPU, logged, where libtorch has no
 * CUDA), and the History Server replays the run's event log with its named jobs and loss accumulators.
 * While it runs, both executors' metrics sinks get eaadam's executor gauges, and the driver's UI shows the
 * running Adam phase's input records grow (headless Chromium pictures its stage page where installed).
 */
class StandaloneClusterIT {

    /**
     * spark-submit options: one executor per worker with its two GPUs and two cores, one GPU per task,
     * and no job before both executors are there.
     */
    static final List<String> ONE_GPU_PER_TASK = List.of("--conf", "spark.executor.cores=2",
            "--conf", "spark.executor.memory=1536m", "--conf", "spark.cores.max=4",
            "--conf", "spark.executor.resource.gpu.amount=2", "--conf", "spark.task.resource.gpu.amount=1",
            "--conf", "spark.task.maxFailures=4", "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
            "--conf", "spark.scheduler.maxRegisteredResourcesWaitingTime=120s");

    /**
     * The Adam phases' steps per slot (tiny-population's 3): the first phase runs long enough for the test to
     * watch its stage's input records grow on the driver's UI and take its picture (with oneDNN's AVX2 kernels
     * 8 steps were over before Chromium had drawn the page).
     */
    static final int ITERATIONS_PER_EPOCH = 16;

    @TempDir
    static Path dir;
    private static StandaloneCluster cluster;
    private static Path run;
    private static StandaloneCluster.Submission train;
    /** Where the executors' CsvSink writes their metrics. */
    private static Path executorMetrics;
    /** The first Adam phase's stage as the driver's REST API showed it, from first seen to a task finished. */
    private static final List<SparkUi.Stage> adamStage = new ArrayList<>();
    /** Headless Chromium's picture of that stage's page, taken while it ran (null without Chromium). */
    private static Chromium.Result stagePage;
    /** The stage when Chromium had taken the picture. */
    private static SparkUi.Stage stageAfterPicture;
    /** The GLIBC_TUNABLES of each executor process running during the first Adam phase. */
    private static final List<String> executorMallocSettings = new ArrayList<>();
    private static final Path STAGE_PAGE_PNG = Path.of("target", "spark-ui-adam-stage.png");

    @BeforeAll
    static void trainOnTheCluster() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        for (int i = 0; i < 6; i++) {
            try (OutputStream out = Files.newOutputStream(data.resolve("img" + i + ".png"))) {
                ImageCodec.encodePng(SyntheticImages.scene(96, 96, i), null, 8, out);
            }
        }
        cluster = StandaloneCluster.start(dir.resolve("cluster"), List.of("0,1", "0,1"), 2, "2g");
        run = dir.resolve("run");
        executorMetrics = Files.createDirectories(dir.resolve("executor-metrics"));
        Files.deleteIfExists(STAGE_PAGE_PNG); // a picture of an earlier run's
        int uiPort = StandaloneCluster.freePort();
        List<String> options = new ArrayList<>(ONE_GPU_PER_TASK);
        options.addAll(List.of("--conf", "spark.ui.port=" + uiPort,
                // Running tasks' metrics reach the driver's UI with the executors' heartbeats: each second, not 10.
                "--conf", "spark.executor.heartbeatInterval=1s",
                "--conf", "spark.metrics.conf.executor.sink.csv.class=org.apache.spark.metrics.sink.CsvSink",
                "--conf", "spark.metrics.conf.executor.sink.csv.directory=" + executorMetrics,
                "--conf", "spark.metrics.conf.executor.sink.csv.period=1",
                "--conf", "spark.metrics.conf.executor.sink.csv.unit=seconds"));
        // Slots 1-3 are Adam-trained: three tasks, more than one executor's two GPUs.
        StandaloneCluster.Running submission = cluster.begin(options, "train", "--conf", TrainRunIT.tinyConfig(),
                "-Drun.dir=" + run, "-Ddata.train-hr=" + data, "-Dpopulation.size=4", "-Ddevice.type=auto",
                "-Ddevice.threads=1", "-Ddata.iterations-per-epoch=" + ITERATIONS_PER_EPOCH);
        watchTheFirstAdamPhase(new SparkUi("http://127.0.0.1:" + uiPort), submission);
        train = submission.await();
    }

    /**
     * Reads the first Adam phase's stage from the driver's REST API until one of its tasks is done, and has
     * headless Chromium take a picture of its page once it shows input records.
     */
    private static void watchTheFirstAdamPhase(SparkUi ui, StandaloneCluster.Running submission) throws Exception {
        SparkUi.Stage first = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (first == null && submission.isAlive() && System.nanoTime() < deadline) {
            first = ui.activeStage("generation 1 / Adam phase").filter(SparkUi.Stage::runningWithNoTaskDone)
                    .orElse(null);
            Thread.sleep(first == null ? 200 : 0);
        }
        if (first == null) {
            return; // the tests say what they miss
        }
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
                .forEach(p -> executorMallocSettings.add(environmentVariable(p.pid(), SparkSetup.MALLOC_VARIABLE)));
        String chromium = Chromium.find().orElse(null);
        CompletableFuture<Chromium.Result> picture = null;
        boolean running = true;
        while (submission.isAlive() && (running || picture != null && stageAfterPicture == null)) {
            boolean pictureTaken = picture != null && picture.isDone(); // before the stage is read
            SparkUi.Stage now;
            try {
                now = ui.stage(first.id(), first.attempt());
            } catch (IOException gone) {
                break;
            }
            if (running) {
                adamStage.add(now);
                running = now.runningWithNoTaskDone();
            }
            if (picture == null && chromium != null && running && now.inputRecords() > 0) {
                String page = ui.base() + "/stages/stage/?id=" + now.id() + "&attempt=" + now.attempt();
                picture = CompletableFuture.supplyAsync(() -> {
                    try {
                        return Chromium.headless(chromium, dir, page, "--screenshot=" + STAGE_PAGE_PNG.toAbsolutePath(),
                                "--window-size=1400,1000", "--hide-scrollbars", "--virtual-time-budget=3000");
                    } catch (IOException | InterruptedException e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                });
            } else if (pictureTaken && stageAfterPicture == null) {
                stageAfterPicture = now;
            }
            Thread.sleep(250);
        }
        if (picture != null) {
            stagePage = picture.get(150, TimeUnit.SECONDS);
        }
    }

    private static String environmentVariable(long pid, String name) {
        try {
            String environment = Files.readString(Path.of("/proc", Long.toString(pid), "environ"));
            return Stream.of(environment.split("\0")).filter(v -> v.startsWith(name + "=")).findFirst()
                    .map(v -> v.substring(name.length() + 1)).orElse("(not set)");
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void eachAdamTaskHasItsOwnGpuAndTheDeviceFollowsIt() throws IOException {
        assertEquals(0, train.status(), tail(train.output()));
        boolean cuda = TorchRuntime.engine().getGpuCount() > 0;
        Set<String> executors = new HashSet<>();
        int phases = 0;
        for (GenerationMetrics line : GenerationMetrics.file(new RunStore(run.toString())).records()) {
            if (line.placement() == null) {
                continue;
            }
            phases++;
            Set<String> gpus = new HashSet<>();
            for (Placement placement : line.placement().values()) {
                String address = placement.gpuAddress();
                assertTrue(Set.of("0", "1").contains(address), line.toString());
                assertTrue(gpus.add(placement.executor() + "/" + address), "two tasks of a phase on one GPU: " + line);
                assertEquals(cuda ? "gpu:" + address : "cpu", placement.device(), line.toString());
                executors.add(placement.executor());
            }
            assertEquals(3, gpus.size(), line.toString());
        }
        assertEquals(2, phases, "Adam phases in metrics.jsonl");
        assertEquals(2, executors.size(), "executors used: " + executors);
        if (!cuda) {
            assertTrue(executorLogs().contains("device.type=auto falls back to the CPU"),
                    "the executors log the CPU fall-back");
        }
    }

    /** ea.workers = 0: the EA stage has a worker on each of the cluster's four GPUs, one rank each. */
    @Test
    void anEaEpochIsOneBarrierStageOnEveryGpu() throws IOException {
        assertEquals(0, train.status(), tail(train.output()));
        boolean cuda = TorchRuntime.engine().getGpuCount() > 0;
        GenerationMetrics ea = GenerationMetrics.file(new RunStore(run.toString())).records().stream()
                .filter(line -> line.eaWorkers() != null).findFirst().orElseThrow();
        Set<String> gpus = new HashSet<>();
        Set<String> executors = new HashSet<>();
        for (Placement worker : ea.eaWorkers()) {
            assertTrue(gpus.add(worker.executor() + "/" + worker.gpuAddress()), "two ranks on one GPU: " + ea);
            assertEquals(cuda ? "gpu:" + worker.gpuAddress() : "cpu", worker.device(), ea.toString());
            executors.add(worker.executor());
        }
        assertEquals(4, gpus.size(), ea.toString());
        assertEquals(2, executors.size(), ea.toString());
    }

    @Test
    void theHistoryServerShowsTheNamedJobsAndLossAccumulators() throws IOException, InterruptedException {
        assertEquals(0, train.status(), tail(train.output()));
        Path events = run.resolve("spark-events");
        assertTrue(Files.isDirectory(events), "event log folder " + events);
        String api = cluster.historyServer(events.toUri().toString());
        JsonElement applications = JsonParser.parseString(StandaloneCluster.get(api + "/applications",
                Duration.ofSeconds(60)));
        for (int tries = 0; applications.getAsJsonArray().isEmpty() && tries < 60; tries++) {
            Thread.sleep(1000); // the History Server scans the folder every second
            applications = JsonParser.parseString(StandaloneCluster.get(api + "/applications", Duration.ofSeconds(10)));
        }
        assertEquals(1, applications.getAsJsonArray().size(), applications.toString());
        JsonObject application = applications.getAsJsonArray().get(0).getAsJsonObject();
        assertTrue(application.get("name").getAsString().startsWith("eaadam train"), application.toString());
        String id = application.get("id").getAsString();

        List<String> descriptions = new ArrayList<>();
        for (JsonElement job : JsonParser.parseString(StandaloneCluster.get(api + "/applications/" + id + "/jobs",
                Duration.ofSeconds(30))).getAsJsonArray()) {
            assertEquals("SUCCEEDED", job.getAsJsonObject().get("status").getAsString(), job.toString());
            descriptions.add(job.getAsJsonObject().get("description").getAsString());
        }
        assertTrue(descriptions.contains("generation 0 / warm start / objectives"), descriptions.toString());
        assertTrue(descriptions.contains("generation 1 / Adam phase / epochs 0-0 / slots [1, 2, 3]"),
                descriptions.toString());
        // One job per EA epoch: tiny-population's 2 iterations of 4 slots.
        assertEquals(List.of("generation 2 / EA epoch 1 / 8 children on 4 workers"),
                descriptions.stream().filter(d -> d.contains("EA epoch")).toList(), descriptions.toString());

        String stages = StandaloneCluster.get(api + "/applications/" + id + "/stages?details=false",
                Duration.ofSeconds(30));
        Set<String> accumulators = new HashSet<>();
        for (JsonElement stage : JsonParser.parseString(stages).getAsJsonArray()) {
            for (JsonElement update : stage.getAsJsonObject().getAsJsonArray("accumulatorUpdates")) {
                JsonObject accumulator = update.getAsJsonObject();
                accumulators.add(accumulator.get("name").getAsString());
                if (accumulator.get("name").getAsString().endsWith("/ L1 loss")) {
                    assertTrue(Double.parseDouble(accumulator.get("value").getAsString()) > 0, accumulator.toString());
                }
            }
        }
        for (int slot = 1; slot <= 3; slot++) {
            assertTrue(accumulators.contains("generation 1 / slot " + slot + " / L1 loss"), accumulators.toString());
        }
        assertFalse(accumulators.contains("generation 1 / slot 0 / L1 loss"), "slot 0 is not Adam-trained");
        assertTrue(accumulators.contains("generation 2 / EA epoch 1 / children evaluated"), accumulators.toString());
        assertTrue(accumulators.contains("generation 2 / EA epoch 1 / slots replaced"), accumulators.toString());
    }

    @Test
    void fuseRunsThroughSparkSubmitOnTheCluster() throws IOException, InterruptedException {
        assertEquals(0, train.status(), tail(train.output()));
        List<String> options = new ArrayList<>(ONE_GPU_PER_TASK);
        // The History Server test expects the train application alone in the run's event log.
        options.addAll(List.of("--conf", "spark.eventLog.enabled=false"));
        StandaloneCluster.Submission fuse = cluster.submit(options, "fuse", "--run", run.toString(),
                "-Dfusion.epochs=1", "-Dfusion.head-features=4", "-Dfusion.head-params=6", "-Dfusion.head-hidden=3",
                "-Dfusion.set-images=2");
        assertEquals(0, fuse.status(), tail(fuse.output()));
        ModelCard card = ModelCard.read(run.resolve("fused/gen-0003/model.json").toString());
        assertEquals(List.of(0, 1, 2, 3), card.source().experts());
        assertEquals(SafeTensorsFiles.read(run.resolve("gen-0003/slot-0.safetensors").toString()).toGenome().layout(),
                SafeTensorsFiles.read(run.resolve("fused/gen-0003/model.safetensors").toString()).toGenome().layout(),
                "a backbone with the experts' tensors");
    }

    @Test
    void upscaleRunsThroughSparkSubmitOnTheCluster() throws IOException, InterruptedException {
        Path model = UpscaleFixtures.tinyModel(dir.resolve("model"), 2, 4, 1);
        Path input = Files.createDirectories(dir.resolve("archive/sub"));
        for (int i = 0; i < 6; i++) {
            try (OutputStream out = Files.newOutputStream(input.resolve("scene" + i + ".png"))) {
                ImageCodec.encodePng(SyntheticImages.scene(40 + 8 * i, 32, i), null, 8, out);
            }
        }
        Files.writeString(input.resolve("broken.png"), "not an image");
        Path output = dir.resolve("upscaled");
        List<String> options = new ArrayList<>(ONE_GPU_PER_TASK);
        options.addAll(List.of("--conf", "spark.eventLog.enabled=false"));
        StandaloneCluster.Submission upscale = cluster.submit(options, "upscale", "--model", model.toString(),
                "--input", dir.resolve("archive").toString(), "--output", output.toString(), "-Ddevice.threads=1");
        assertEquals(1, upscale.status(), "broken.png failed: " + tail(upscale.output()));
        for (int i = 0; i < 6; i++) {
            Image sr = ImageCodec.decode(Files.readAllBytes(output.resolve("sub/scene" + i + ".png")), "sr").rgb();
            assertEquals(2 * (40 + 8 * i), sr.width());
            assertEquals(64, sr.height());
        }
        String report = Files.readString(output.resolve("upscale-report.csv"));
        assertTrue(report.lines().anyMatch(l -> l.contains("broken.png") && l.contains("failed")), report);
    }

    /** Each executor's CsvSink wrote its eaadam gauges: the steps a second of the Adam tasks it ran. */
    @Test
    void executorsKeepLibtorchsMemoryOnHugePages() {
        assertEquals(List.of(SparkSetup.MALLOC_HUGE_PAGES, SparkSetup.MALLOC_HUGE_PAGES), executorMallocSettings,
                SparkSetup.MALLOC_VARIABLE + " of the two executors during the first Adam phase");
    }

    @Test
    void bothExecutorsReportTheirStepRateToTheirMetricsSinks() throws IOException {
        assertEquals(0, train.status(), tail(train.output()));
        for (String executor : List.of("0", "1")) {
            Path csv = executorMetrics.resolve("eaadam." + executor
                    + ".plugin.io.eaadam.jobs.monitor.EaAdamPlugin.executor_steps_per_second.csv");
            assertTrue(Files.isRegularFile(csv), csv + " among " + listing(executorMetrics));
            List<String> lines = Files.readAllLines(csv);
            assertEquals("t,value", lines.get(0), csv.toString());
            assertTrue(lines.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[1])).max()
                    .orElse(0) > 0, "executor " + executor + " ran Adam steps: " + lines);
        }
    }

    /**
     * On a cluster, the driver's UI shows a running stage's task metrics as the executors' heartbeats bring
     * them: the first Adam phase's input records (the images its tasks have trained on) grow before any of
     * its tasks is done.
     */
    @Test
    void theRunningAdamStageShowsItsInputRecordsGrow() {
        assertEquals(0, train.status(), tail(train.output()));
        assertFalse(adamStage.isEmpty(), "the first Adam phase was not seen running on the driver's UI");
        List<Long> whileNoTaskDone = adamStage.stream().filter(SparkUi.Stage::runningWithNoTaskDone)
                .map(SparkUi.Stage::inputRecords).toList();
        assertTrue(whileNoTaskDone.size() >= 2, adamStage.toString());
        for (int i = 1; i < whileNoTaskDone.size(); i++) {
            assertTrue(whileNoTaskDone.get(i) >= whileNoTaskDone.get(i - 1), "never fewer: " + adamStage);
        }
        assertTrue(whileNoTaskDone.get(whileNoTaskDone.size() - 1) > whileNoTaskDone.get(0),
                "input records grew while no task was done: " + adamStage);
        assertEquals(0, whileNoTaskDone.get(whileNoTaskDone.size() - 1) % 4,
                "whole batches of tiny-population's 4 images: " + adamStage);
    }

    /** Headless Chromium pictures the running Adam stage's page, its input records shown (target/). */
    @Test
    void chromiumPicturesTheRunningAdamStagePage() throws IOException {
        assertEquals(0, train.status(), tail(train.output()));
        Assumptions.assumeTrue(Chromium.find().isPresent(), Chromium.ABSENT);
        assertTrue(stagePage != null, "no picture taken: the stage never showed input records: " + adamStage);
        assertEquals(0, stagePage.status(), stagePage.log());
        assertTrue(stageAfterPicture != null && stageAfterPicture.runningWithNoTaskDone(),
                "the picture is of the stage running: " + stageAfterPicture);
        Image png = ImageCodec.decode(Files.readAllBytes(STAGE_PAGE_PNG), "stage page").rgb();
        assertEquals(1400, png.width());
        assertEquals(1000, png.height());
        assertTrue(Files.size(STAGE_PAGE_PNG) > 20_000, "a page, not a blank: " + Files.size(STAGE_PAGE_PNG) + " bytes");
        assertTrue(Chromium.contrast(STAGE_PAGE_PNG) > 0.5f, "the picture is not blank");
    }

    private static String executorLogs() throws IOException {
        StringBuilder all = new StringBuilder();
        for (int w = 0; w < 2; w++) {
            try (Stream<Path> walk = Files.walk(cluster.workerDir(w))) {
                for (Path p : walk.filter(p -> p.getFileName().toString().equals("stderr")).toList()) {
                    all.append(Files.readString(p));
                }
            }
        }
        return all.toString();
    }

    private static List<String> listing(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String tail(String output) {
        return output.length() < 6000 ? output : output.substring(output.length() - 6000);
    }
}
