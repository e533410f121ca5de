package io.eaadam.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.eaadam.jobs.Main;
import io.eaadam.worker.testing.CliRun;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A tiny SRResNet trained with L1 by {@code train-slot} on real photographs (Debian's mate-backgrounds)
 * beats MATLAB bicubic in PSNR-Y and SSIM-Y on photographs it has not seen.
 */
class TrainSlotOnPhotosIT {

    private static final Path PHOTOS = Path.of("/usr/share/backgrounds/mate/nature");
    private static final List<String> HELD_OUT = List.of("Dune.jpg", "GreenMeadow.jpg");

    @TempDir
    Path dir;

    @Test
    void beatsBicubicOnUnseenPhotographs() throws IOException {
        assumeTrue(Files.isDirectory(PHOTOS), "needs mate-backgrounds (apt-get install mate-backgrounds)");
        Path train = Files.createDirectories(dir.resolve("train"));
        Path val = Files.createDirectories(dir.resolve("val"));
        try (var photos = Files.list(PHOTOS)) {
            for (Path photo : photos.filter(p -> p.toString().endsWith(".jpg")).toList()) {
                Path folder = HELD_OUT.contains(photo.getFileName().toString()) ? val : train;
                Files.copy(photo, folder.resolve(photo.getFileName()));
            }
        }
        CliRun run = CliRun.run(Main::commandLine, "train-slot", "--conf", "demo", "--train", train.toString(), "--val", val.toString(),
                "--steps", "800", "--output", dir.resolve("slot.safetensors").toString(), "--device", "cpu");
        assertEquals(0, run.status(), run.err());
        assertTrue(Files.isRegularFile(dir.resolve("slot.safetensors")));
        assertEquals(HELD_OUT.size(), (int) run.json("images"));
        assertTrue(run.json("psnr_y") > run.json("bicubic_psnr_y") + 0.2, run.out());
        assertTrue(run.json("ssim_y") > run.json("bicubic_ssim_y"), run.out());
    }
}
