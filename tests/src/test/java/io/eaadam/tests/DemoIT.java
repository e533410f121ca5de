package io.eaadam.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonObject;

import io.eaadam.jobs.Main;
import io.eaadam.worker.testing.CliRun;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./eaadam demo} on a shortened schedule: warm start, population run, fusion, and an evaluation
 * table with every expert and the fused model; a rerun resumes.
 */
class DemoIT {

    @TempDir
    Path dir;

    @Test
    void demoWritesItsOutputs() throws Exception {
        String run = dir.resolve("demo").toString();
        // The demo's stages on a shortened schedule: warm start, one Adam and one EA phase.
        String[] demo = {"demo", "-Dschedule.warm-start-steps=10", "-Drun.dir=" + run, "-Dmodel.num-feat=8",
            "-Ddata.iterations-per-epoch=2", "-Dschedule.epochs=1", "-Dschedule.adam-epochs=1", "-Dschedule.ea-epochs=1",
            "-Dea.iterations=1", "-Dloss.perceptual.layers=null", "-Dloss.perceptual.layers.conv1_2=1.0",
            "-Dfusion.epochs=1", "-Dfusion.head-features=4"};
        CliRun cli = CliRun.run(Main::commandLine, demo);
        assertEquals(0, cli.status(), cli.err());
        assertTrue(Files.isRegularFile(Path.of(run, "population/warm-start-l1.safetensors")), "stage 0 in the run");
        assertTrue(Files.isRegularFile(Path.of(run, "population/gen-0002/manifest.json")));
        for (String model : List.of("slot-0", "slot-1", "slot-2", "slot-3", "slot-4", "fused", "bicubic")) {
            assertEquals(4, Files.list(Path.of(run, "val-sr", model)).filter(p -> p.toString().endsWith(".png")).count(),
                    model);
        }
        assertTrue(Files.isRegularFile(Path.of(run, "population/fused/gen-0002/model.json")));
        JsonObject evaluation = new Gson().fromJson(Files.readString(Path.of(run, "population/evaluation/validation/evaluation.json")),
                JsonObject.class);
        List<String> names = new ArrayList<>();
        evaluation.getAsJsonArray("models").forEach(m -> names.add(m.getAsJsonObject().get("name").getAsString()));
        assertEquals(List.of("bicubic", "slot-0", "slot-1", "slot-2", "slot-3", "slot-4", "fused"), names);
        assertTrue(cli.out().contains("Pareto front") && cli.out().contains("fused"), cli.out());

        CliRun again = CliRun.run(Main::commandLine, demo);
        assertEquals(0, again.status(), "a finished demo reports again without training: " + again.err());
    }
}
