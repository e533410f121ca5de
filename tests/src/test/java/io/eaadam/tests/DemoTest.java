package io.eaadam.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eaadam.jobs.Main;
import io.eaadam.worker.testing.CliRun;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

/** {@code ./eaadam demo} on a shortened schedule: warm start, population run, per-slot report; a rerun resumes. */
class DemoTest {

    @TempDir
    Path dir;

    @Test
    void demoWritesItsOutputs() throws Exception {
        String run = dir.resolve("demo").toString();
        // The demo's stages on a shortened schedule: warm start, one Adam and one EA phase.
        CliRun cli = CliRun.run(Main.commands(), "demo", "--warm-start-steps", "10", "-Drun.dir=" + run, "-Dmodel.num-feat=8",
                "-Ddata.iterations-per-epoch=2", "-Dschedule.epochs=1", "-Dschedule.adam-epochs=1",
                "-Dschedule.ea-epochs=1", "-Dea.iterations=1", "-Dloss.perceptual.layers=null", "-Dloss.perceptual.layers.conv1_2=1.0");
        assertEquals(0, cli.status(), cli.err());
        assertTrue(Files.isRegularFile(Path.of(run, "warm-start-l1.safetensors")));
        assertTrue(Files.isRegularFile(Path.of(run, "population/gen-0002/manifest.json")));
        for (int slot = 0; slot < 5; slot++) {
            assertEquals(4, Files.list(Path.of(run, "val-sr", "slot-" + slot)).filter(p -> p.toString().endsWith(".png")).count());
        }
        assertEquals(4, Files.list(Path.of(run, "val-bicubic")).filter(p -> p.toString().endsWith(".png")).count());
        String summary = Files.readString(Path.of(run, "summary.json"));
        assertEquals(5, summary.split("\"slot\"").length - 1, summary);
        assertTrue(cli.out().contains("Pareto front"), cli.out());

        CliRun again = CliRun.run(Main.commands(), "demo", "--warm-start-steps", "10", "-Drun.dir=" + run, "-Dmodel.num-feat=8",
                "-Ddata.iterations-per-epoch=2", "-Dschedule.epochs=1", "-Dschedule.adam-epochs=1",
                "-Dschedule.ea-epochs=1", "-Dea.iterations=1", "-Dloss.perceptual.layers=null", "-Dloss.perceptual.layers.conv1_2=1.0");
        assertEquals(0, again.status(), "a finished demo reports again without training: " + again.err());
    }
}
