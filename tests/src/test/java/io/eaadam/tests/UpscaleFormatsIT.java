package io.eaadam.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eaadam.common.fs.Storage;
import io.eaadam.common.image.ImageCodec;
import io.eaadam.common.image.RasterImage;
import io.eaadam.common.testing.FormatImages;
import io.eaadam.common.upscale.UpscaleRecord;
import io.eaadam.common.upscale.UpscaleReport;
import io.eaadam.jobs.Main;
import io.eaadam.worker.testing.CliRun;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code upscale --format tiff} through the real command on Spark local mode, over a folder of the formats
 * archives hold besides PNG and JPEG: a 16-bit tiled two-page TIFF, a CMYK JPEG with an embedded profile, a
 * WebP and a BMP. Every output is a TIFF at twice the size, at the input's depth, and the TIFF's record notes
 * that only its first page was upscaled.
 */
class UpscaleFormatsIT {

    @TempDir
    Path dir;

    @Test
    void tiffWebPBmpAndCmykJpegInputsBecomeTiffsAtTheirDepth() throws IOException {
        Path model = UpscaleFixtures.tinyModel(dir.resolve("model"), 2, 8, 1);
        Path input = dir.resolve("archive");
        UpscaleFixtures.write(input.resolve("scan.tiff"),
                FormatImages.tiff(FormatImages.pattern(40, 30, 16, null), "Deflate", 16, 2));
        UpscaleFixtures.write(input.resolve("print.jpg"), FormatImages.cmykJpeg(32, 24, FormatImages.cmykProfile(false)));
        UpscaleFixtures.write(input.resolve("web.webp"), FormatImages.webp("lossy-24x16.webp"));
        UpscaleFixtures.write(input.resolve("old.bmp"), FormatImages.bmp(FormatImages.pattern(20, 10, 8, null)));
        Path output = dir.resolve("out");

        CliRun run = CliRun.run(Main::commandLine, "upscale", "--model", model.toString(), "--input", input.toString(),
                "--output", output.toString(), "--format", "tiff", "--tile", "48", "--overlap", "8", "--device", "cpu");
        assertEquals(0, run.status(), run.err());

        Map<String, int[]> expected = Map.of("scan", new int[] {80, 60, 16}, "print", new int[] {64, 48, 8},
                "web", new int[] {48, 32, 8}, "old", new int[] {40, 20, 8});
        for (Map.Entry<String, int[]> file : expected.entrySet()) {
            Path out = output.resolve(file.getKey() + ".tif");
            RasterImage image = ImageCodec.decodeRaster(Files.readAllBytes(out), out.toString());
            assertEquals(file.getValue()[0], image.width(), file.getKey());
            assertEquals(file.getValue()[1], image.height(), file.getKey());
            assertEquals(file.getValue()[2], image.bitDepth(), file.getKey());
            assertNull(image.iccProfile(), file.getKey() + ": sRGB, the CMYK JPEG's included");
        }
        Map<String, UpscaleRecord> records = UpscaleReport.read(Storage.path(output.toString())).stream()
                .collect(Collectors.toMap(r -> Path.of(Storage.path(r.input()).toUri().getPath()).getFileName().toString(),
                        Function.identity()));
        assertEquals(List.of(UpscaleRecord.OK), records.values().stream().map(UpscaleRecord::status).distinct().toList());
        assertTrue(records.get("scan.tiff").reason().endsWith("scan.tiff: only the first of its 2 pages was upscaled"),
                records.get("scan.tiff").reason());
        assertEquals("", records.get("web.webp").reason());
    }
}
