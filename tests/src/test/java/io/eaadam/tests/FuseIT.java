package io.eaadam.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonObject;

import ai.djl.ndarray.NDManager;

import io.eaadam.common.config.Arch;
import io.eaadam.common.genome.ExpertMerge;
import io.eaadam.common.genome.Genome;
import io.eaadam.common.image.Image;
import io.eaadam.common.image.ImageCodec;
import io.eaadam.common.image.SyntheticImages;
import io.eaadam.common.safetensors.SafeTensorsFiles;
import io.eaadam.common.store.Manifest;
import io.eaadam.common.store.ModelCard;
import io.eaadam.common.store.RunStore;
import io.eaadam.jobs.Main;
import io.eaadam.worker.nn.LpipsAlex;
import io.eaadam.worker.runtime.TorchRuntime;
import io.eaadam.worker.testing.CliRun;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code fuse} and {@code evaluate} on a tiny trained run (Spark local mode): the merged model is each
 * layer's convex combination of the experts with the learned mixing weights, has the backbone's shape,
 * is the same file when fusion is rerun, and an older generation fuses without touching newer ones; evaluate
 * scores every model and the network-interpolation line between the experts, which the report draws.
 */
class FuseIT {

    private static final String[] TINY_FUSION = {"-Dfusion.epochs=2", "-Dfusion.checkpoint-epochs=1",
        "-Dfusion.head-features=4", "-Dfusion.head-params=6", "-Dfusion.head-hidden=3", "-Dfusion.set-images=2",
        "-Dfusion.lr=1e-3"};

    @TempDir
    static Path dir;
    private static Path run;
    private static Path val;

    @BeforeAll
    static void trainOnce() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        val = Files.createDirectories(dir.resolve("val/HR"));
        for (int i = 0; i < 6; i++) {
            write(data.resolve("img" + i + ".png"), SyntheticImages.scene(96, 96, i));
        }
        for (int i = 0; i < 2; i++) {
            write(val.resolve("v" + i + ".png"), SyntheticImages.scene(64, 48, 100 + i));
        }
        run = dir.resolve("run");
        CliRun train = CliRun.run(Main::commandLine, "train", "--conf", config(), "-Drun.dir=" + run,
                "-Ddata.train-hr=" + data, "-Ddata.val-hr=" + val);
        assertEquals(0, train.status(), train.err());
    }

    @Test
    void theMergedModelIsEachLayersConvexCombinationOfTheExperts() throws IOException {
        Path out = fuse("--generation", "3");
        ModelCard card = ModelCard.read(out.resolve("model.json").toString());
        assertEquals(List.of(0, 1, 2), card.source().experts());
        assertEquals(3, card.source().generation());
        List<Genome> experts = experts(run, 3);
        assertEquals(experts.get(0).layout().tensorCount() / 2, card.mixing().size(), "one mixing vector per conv");
        assertConvexCombination(card, experts, out);
        assertTrue(card.metrics().get("validation").get("psnr_y") > 10, card.metrics().toString());
        assertEquals(2, Files.readAllLines(out.resolve("metrics.jsonl")).size(), "a loss line per epoch");

        // An ordinary backbone: infer takes it through its card.
        CliRun infer = CliRun.run(Main::commandLine, "infer", "--model", out.resolve("model.json").toString(), "--input",
                val.resolve("v0.png").toString(), "--output", dir.resolve("v0-x4.png").toString(), "--device", "cpu");
        assertEquals(0, infer.status(), infer.err());
        assertEquals(256, ImageCodec.decode(Files.readAllBytes(dir.resolve("v0-x4.png")), "v0-x4.png").rgb().width());
    }

    @Test
    void rerunningFusionGivesTheSameFileAndResumesFromItsCheckpoint() throws IOException {
        Path first = fuse("--generation", "3", "--output", dir.resolve("first").toString());
        Path second = fuse("--generation", "3", "--output", dir.resolve("second").toString());
        byte[] weights = Files.readAllBytes(first.resolve("model.safetensors"));
        assertArrayEquals(weights, Files.readAllBytes(second.resolve("model.safetensors")));

        // A finished fusion is returned again only for the same experts, generation and settings.
        CliRun otherExperts = CliRun.run(Main::commandLine, Stream.concat(Stream.of("fuse", "--run", run.toString(),
                "--generation", "3", "--experts", "0,2", "--output", first.toString()), Stream.of(TINY_FUSION))
                .toArray(String[]::new));
        assertEquals(1, otherExperts.status());
        assertTrue(otherExperts.err().contains("model.json: a fusion of other experts [0, 1, 2] (asked: [0, 2])"),
                otherExperts.err());
        CliRun otherLr = CliRun.run(Main::commandLine, Stream.concat(Stream.concat(Stream.of("fuse", "--run",
                run.toString(), "--generation", "3", "--output", first.toString()), Stream.of(TINY_FUSION)),
                Stream.of("-Dfusion.lr=0.5")).toArray(String[]::new));
        assertEquals(1, otherLr.status());
        assertTrue(otherLr.err().matches("(?s).*model.json: a fusion of other settings fusion.lr [0-9.e-]+ \\(asked: 0.5\\);.*"),
                otherLr.err());

        // A fusion that stopped after training (no model yet) redoes only the merge.
        Files.delete(second.resolve("model.json"));
        Files.delete(second.resolve("model.safetensors"));
        FileTime trained = Files.getLastModifiedTime(second.resolve("checkpoint.json"));
        fuse("--generation", "3", "--output", second.toString());
        assertEquals(trained, Files.getLastModifiedTime(second.resolve("checkpoint.json")), "no epoch trained again");
        assertArrayEquals(weights, Files.readAllBytes(second.resolve("model.safetensors")));

        // Other settings in the same folder are refused, not mixed.
        Files.delete(second.resolve("model.json"));
        CliRun other = CliRun.run(Main::commandLine, Stream.concat(Stream.of("fuse", "--run", run.toString(),
                "--generation", "3", "--output", second.toString(), "-Dfusion.l1-weight=0.5"),
                Stream.of(TINY_FUSION)).toArray(String[]::new));
        assertEquals(1, other.status());
        assertTrue(other.err().contains("checkpoint.json: a fusion of"), other.err());
    }

    @Test
    void anOlderGenerationFusesWithoutTouchingNewerOnesAndEvaluateListsEveryModelAndTheInterpolationLine()
            throws IOException {
        Map<String, FileTime> newer = times(run.resolve("gen-0003"));
        Path out = fuse("--generation", "1", "--experts", "2,0");
        assertEquals(run.resolve("fused/gen-0001-experts-0-2"), out);
        ModelCard card = ModelCard.read(out.resolve("model.json").toString());
        assertEquals(List.of(0, 2), card.source().experts(), "merge order is by slot");
        assertEquals(newer, times(run.resolve("gen-0003")));

        Path evaluation = run.resolve("evaluation/val");
        Path lpips = dir.resolve("lpips_alex.safetensors");
        try (NDManager manager = NDManager.newBaseManager(TorchRuntime.ENGINE);
                LpipsAlex network = new LpipsAlex(manager)) {
            network.weights().initialize(5);
            SafeTensorsFiles.write(lpips.toString(), network.weights().stateDict(), Map.of("format", "pt"));
        }
        CliRun evaluate = CliRun.run(Main::commandLine, "evaluate", "--run", run.toString(), "--benchmark",
                dir.resolve("val").toString(), "--lpips", lpips.toString(), "--interpolation", "3");
        assertEquals(0, evaluate.status(), evaluate.err());
        JsonObject json = new Gson().fromJson(Files.readString(evaluation.resolve("evaluation.json")), JsonObject.class);
        List<String> names = new ArrayList<>();
        json.getAsJsonArray("models").forEach(m -> names.add(m.getAsJsonObject().get("name").getAsString()));
        assertEquals("val", json.get("benchmark").getAsString());
        assertTrue(names.containsAll(List.of("bicubic", "slot-0", "slot-1", "slot-2", "fused/gen-0001-experts-0-2",
                "interp-0.25", "interp-0.50", "interp-0.75")), names.toString());
        assertTrue(evaluate.out().contains("slot-2"), evaluate.out());
        assertEquals(names.size() + 1, Files.readAllLines(evaluation.resolve("evaluation.csv")).size());
        for (var model : json.getAsJsonArray("models")) {
            assertTrue(model.getAsJsonObject().get("lpips").getAsDouble() > 0, model.toString());
        }
        assertNotEquals(json.getAsJsonArray("models").get(0).getAsJsonObject().get("psnr_y").getAsDouble(),
                json.getAsJsonArray("models").get(1).getAsJsonObject().get("psnr_y").getAsDouble());

        // The interpolation line: from the distortion expert (slot 0, alpha 0) to the perception expert (slot 2).
        Map<String, Double> line = new TreeMap<>();
        json.getAsJsonArray("models").forEach(m -> {
            JsonObject model = m.getAsJsonObject();
            if (model.has("interpolation_alpha")) {
                line.put(model.get("name").getAsString(), model.get("interpolation_alpha").getAsDouble());
            }
        });
        assertEquals(Map.of("slot-0", 0.0, "interp-0.25", 0.25, "interp-0.50", 0.5, "interp-0.75", 0.75, "slot-2", 1.0),
                line);
        // Each model's EA objectives: the slots' from the manifest, the others measured on the run's EA set.
        Manifest manifest = new RunStore(run.toString()).readManifest(3);
        for (var m : json.getAsJsonArray("models")) {
            JsonObject model = m.getAsJsonObject();
            String name = model.get("name").getAsString();
            if (name.equals("bicubic")) {
                assertFalse(model.has("objectives"), model.toString());
                continue;
            }
            double[] objectives = new Gson().fromJson(model.get("objectives"), double[].class);
            assertTrue(objectives[0] > 0 && objectives[1] > 0, model.toString());
            if (name.startsWith("slot-")) {
                assertArrayEquals(manifest.slots().get(Integer.parseInt(name.substring(5))).objectives(), objectives);
            }
        }
        ModelCard half = ModelCard.read(evaluation.resolve("interpolation/alpha-0.50/model.json").toString());
        assertEquals(0.5, half.interpolation().alpha());
        assertTrue(half.interpolation().from().endsWith("gen-0003/slot-0.safetensors")
                && half.interpolation().to().endsWith("gen-0003/slot-2.safetensors"), half.interpolation().toString());
        CliRun report = CliRun.run(Main::commandLine, "report", "--run", run.toString());
        assertEquals(0, report.status(), report.err());
        String html = Files.readString(run.resolve("report.html"));
        assertTrue(html.contains("Fusion against network interpolation on val")
                && html.contains(">network interpolation<") && html.contains(">interp-0.50<")
                && html.contains(">fused/gen-0001-experts-0-2<"), "the chart");
    }

    @Test
    void slotsHoldingTheSameWeightsAreOneExpert() throws IOException {
        // Generation 0 holds the warm start in every slot: one distinct expert, which the merge reproduces.
        Path out = fuse("--generation", "0", "--output", dir.resolve("one-expert").toString());
        ModelCard card = ModelCard.read(out.resolve(ModelCard.FILE_NAME).toString());
        assertEquals(List.of(0), card.source().experts());
        assertEquals(SafeTensorsFiles.read(run.resolve("gen-0000/slot-0.safetensors").toString()).toGenome(),
                SafeTensorsFiles.read(out.resolve("model.safetensors").toString()).toGenome());

        List<String> argv = new ArrayList<>(List.of("fuse", "--run", run.toString(), "--generation", "0", "--output",
                dir.resolve("refused").toString(), "-Dfusion.duplicate-experts=refuse"));
        argv.addAll(List.of(TINY_FUSION));
        CliRun refused = CliRun.run(Main::commandLine, argv.toArray(String[]::new));
        assertEquals(1, refused.status());
        assertTrue(refused.err().contains("slot 1 holds the same weights as slot 0, slot 2 holds the same weights as "
                + "slot 0; fusion.duplicate-experts = refuse"), refused.err());
    }

    @Test
    void badRequestsAreNamed() {
        CliRun noRun = CliRun.run(Main::commandLine, "fuse", "--run", dir.resolve("none").toString());
        assertEquals(1, noRun.status());
        assertTrue(noRun.err().contains("none: no config.conf"), noRun.err());
        CliRun badExperts = CliRun.run(Main::commandLine, "fuse", "--run", run.toString(), "--experts", "0,7");
        assertEquals(2, badExperts.status());
        assertTrue(badExperts.err().contains("each slot once, from 0 to 2"), badExperts.err());
    }

    /** Real-ESRGAN's compact backbone as a population: each PReLU is merged with its conv's mixing weights. */
    @Test
    void anSrvggPopulationTrainsAndFuses() throws IOException {
        Path srvgg = dir.resolve("srvgg");
        CliRun train = CliRun.run(Main::commandLine, "train", "--conf", config(), "-Drun.dir=" + srvgg,
                "-Ddata.train-hr=" + dir.resolve("data"), "-Ddata.val-hr=" + val, "-Dmodel.arch=srvgg",
                "-Dmodel.num-block=2");
        assertEquals(0, train.status(), train.err());
        Path out = fuse(srvgg, "--generation", "3");
        ModelCard card = ModelCard.read(out.resolve("model.json").toString());
        assertEquals(Arch.SRVGG, card.architecture().arch());
        List<Genome> experts = experts(srvgg, 3);
        assertEquals(List.of("body.0", "body.1", "body.2", "body.3", "body.4", "body.5", "body.6"),
                card.mixing().stream().map(ModelCard.LayerMixing::layer).toList(), "convs and PReLUs");
        assertArrayEquals(card.mixing().get(0).weights(), card.mixing().get(1).weights(), "a PReLU mixes as its conv");
        assertConvexCombination(card, experts, out);
        CliRun infer = CliRun.run(Main::commandLine, "infer", "--model", out.resolve("model.json").toString(), "--input",
                val.resolve("v0.png").toString(), "--output", dir.resolve("v0-srvgg.png").toString(), "--device", "cpu");
        assertEquals(0, infer.status(), infer.err());
        assertEquals(256, ImageCodec.decode(Files.readAllBytes(dir.resolve("v0-srvgg.png")), "v").rgb().width());
    }

    /**
     * A tiny SwinIR population on the demo's settings, shortened: every linear layer is mixed per sample, each
     * LayerNorm with the layer it feeds and each position bias table with its attention's qkv.
     */
    @Test
    void aSwinIrPopulationTrainsOnTheDemoSettingsAndFuses() throws IOException {
        Path swinir = dir.resolve("swinir");
        CliRun train = CliRun.run(Main::commandLine, "train", "--conf", "demo", "-Drun.dir=" + swinir,
                "-Ddata.train-hr=" + dir.resolve("data"), "-Ddata.val-hr=" + val, "-Dmodel.arch=swinir",
                "-Dmodel.embed-dim=8", "-Dmodel.depths=[2]", "-Dmodel.num-heads=[2]", "-Dmodel.window-size=4",
                "-Dmodel.img-size=16", "-Dmodel.upsampler=pixelshuffledirect", "-Dpopulation.size=3",
                "-Ddata.iterations-per-epoch=2", "-Dschedule.epochs=2", "-Dschedule.adam-epochs=1",
                "-Dschedule.warm-start-steps=0", "-Dea.iterations=2", "-Dea-set.images=2");
        assertEquals(0, train.status(), train.err());
        Path out = fuse(swinir, "--generation", "2");
        ModelCard card = ModelCard.read(out.resolve("model.json").toString());
        assertEquals(Arch.SWINIR, card.architecture().arch());
        assertEquals(List.of(2), card.architecture().swin().depths());
        Map<String, double[]> mixing = new java.util.HashMap<>();
        card.mixing().forEach(layer -> mixing.put(layer.layer(), layer.weights()));
        String block = "layers.0.residual_group.blocks.1.";
        assertArrayEquals(mixing.get(block + "attn.qkv"), mixing.get(block + "norm1"), "a LayerNorm mixes as it feeds");
        assertArrayEquals(mixing.get(block + "attn.qkv"), mixing.get(block + "attn"), "the table mixes as its qkv");
        assertArrayEquals(mixing.get(block + "mlp.fc1"), mixing.get(block + "norm2"));
        assertConvexCombination(card, experts(swinir, 2), out);
        CliRun infer = CliRun.run(Main::commandLine, "infer", "--model", out.resolve("model.json").toString(), "--input",
                val.resolve("v0.png").toString(), "--output", dir.resolve("v0-swinir.png").toString(), "--device", "cpu");
        assertEquals(0, infer.status(), infer.err());
        assertEquals(256, ImageCodec.decode(Files.readAllBytes(dir.resolve("v0-swinir.png")), "v").rgb().width());
    }

    private static List<Genome> experts(Path run, int generation) throws IOException {
        RunStore store = new RunStore(run.toString());
        List<Genome> experts = new ArrayList<>();
        for (Manifest.Slot slot : store.readManifest(generation).slots()) {
            experts.add(store.readGenome(slot.generator()));
        }
        return experts;
    }

    /** Every tensor of the fused model is its layer's convex combination of the experts' tensors. */
    private static void assertConvexCombination(ModelCard card, List<Genome> experts, Path out) throws IOException {
        Genome merged = SafeTensorsFiles.read(out.resolve("model.safetensors").toString()).toGenome();
        assertEquals(experts.get(0).layout(), merged.layout(), "exactly the backbone's tensors, names and shapes");
        Map<String, double[]> mixing = new java.util.HashMap<>();
        for (ModelCard.LayerMixing layer : card.mixing()) {
            double sum = 0;
            for (double w : layer.weights()) {
                assertTrue(w > 0 && w < 1);
                sum += w;
            }
            assertEquals(1.0, sum, 1e-6, layer.layer());
            mixing.put(layer.layer(), layer.weights());
        }
        for (var spec : merged.layout().specs()) {
            String tensor = spec.name();
            double[] weights = mixing.get(ExpertMerge.layerOf(tensor));
            float[] actual = merged.tensor(tensor);
            for (int i = 0; i < actual.length; i++) {
                double expected = 0;
                for (int k = 0; k < experts.size(); k++) {
                    expected += weights[k] * experts.get(k).tensor(tensor)[i];
                }
                assertEquals(expected, actual[i], 1e-6, tensor + "[" + i + "]");
            }
        }
    }

    private static Path fuse(String... args) {
        return fuse(run, args);
    }

    private static Path fuse(Path run, String... args) {
        List<String> argv = new ArrayList<>(List.of("fuse", "--run", run.toString()));
        argv.addAll(List.of(args));
        argv.addAll(List.of(TINY_FUSION));
        CliRun fuse = CliRun.run(Main::commandLine, argv.toArray(String[]::new));
        assertEquals(0, fuse.status(), fuse.err());
        String line = fuse.out().lines().filter(l -> l.startsWith("fuse: ")).findFirst().orElseThrow();
        return Path.of(line.substring("fuse: ".length(), line.indexOf("/model.json")));
    }

    private static String config() {
        try {
            return Path.of(FuseIT.class.getResource("/conf/tiny-population.conf").toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, FileTime> times(Path folder) throws IOException {
        Map<String, FileTime> times = new TreeMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                times.put(file.getFileName().toString(), Files.getLastModifiedTime(file));
            }
        }
        return times;
    }

    private static void write(Path file, Image image) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            ImageCodec.encodePng(image, null, 8, out);
        }
    }
}
