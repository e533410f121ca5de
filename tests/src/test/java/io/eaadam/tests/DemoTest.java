package io.eaadam.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

/** {@code ./eaadam demo}, shortened: generated data, a trained slot, upscaled validation images and metrics. */
class DemoTest {

    @TempDir
    Path dir;

    @Test
    void demoWritesItsOutputs() throws Exception {
        String run = dir.resolve("demo").toString();
        Cli cli = Cli.run("demo", "--steps", "20", "-Drun.dir=" + run);
        assertEquals(0, cli.status(), cli.err());
        assertTrue(Files.isRegularFile(Path.of(run, "slot-l1.safetensors")));
        assertEquals(4, Files.list(Path.of(run, "val-sr")).filter(p -> p.toString().endsWith(".png")).count());
        assertEquals(4, Files.list(Path.of(run, "val-bicubic")).filter(p -> p.toString().endsWith(".png")).count());
        String metrics = Files.readString(Path.of(run, "metrics.json"));
        assertTrue(metrics.contains("\"psnr_y\"") && metrics.contains("\"bicubic_psnr_y\""), metrics);
        assertTrue(cli.out().contains("validation PSNR-Y"), cli.out());
    }
}
