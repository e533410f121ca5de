package io.eaadam.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.eaadam.common.fs.Storage;
import io.eaadam.common.image.Image;
import io.eaadam.common.image.ImageHeader;
import io.eaadam.common.image.PngStreamWriter;
import io.eaadam.common.image.SyntheticImages;
import io.eaadam.common.upscale.UpscaleRecord;
import io.eaadam.common.upscale.UpscaleReport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Rectangle;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * An 8000x8000 PNG is upscaled x2 (a 16000x16000 output, 768 MB as RGB bytes, 3 GB as floats) by the
 * upscale job in a JVM with a 1 GB heap: tiles and streamed output rows keep memory bounded. The model is
 * the cheapest MSRResNet (x2, 2 features, 1 block) in 128-pixel tiles, 8 a pass: the network's cost per
 * pixel is what this test's time is made of.
 */
class UpscaleLargeImageIT {

    private static final int SIDE = 8000;
    private static final int SCALE = 2;

    @TempDir
    Path dir;

    @Test
    void an8000PixelSquareIsUpscaledWithA1GbHeap() throws Exception {
        Path model = UpscaleFixtures.tinyModel(dir.resolve("model"), SCALE, 2, 1);
        Path input = Files.createDirectories(dir.resolve("in")).resolve("big.png");
        Image scene = SyntheticImages.scene(1000, 1000, 3);
        writeTiledScene(input, scene);
        Path output = dir.resolve("out");
        Path log = dir.resolve("big.log");
        long start = System.nanoTime();
        int status = UpscaleFixtures.forkEaadam("1g", log, 500, "upscale", "--model", model.toString(), "--input",
                input.getParent().toString(), "--output", output.toString(), "--tile", "128", "--overlap", "8",
                "--batch", "8", "--device", "cpu", "-Dupscale.png-compression=1", "-Dspark.master=local[1]");
        System.out.printf("8000x8000 x%d upscale in a 1 GB heap: %.1f s%n", SCALE, (System.nanoTime() - start) / 1e9);
        assertEquals(0, status, Files.readString(log));
        List<UpscaleRecord> report = UpscaleReport.read(Storage.path(output.toString()));
        assertEquals(UpscaleRecord.OK, report.get(0).status(), report.get(0).reason());
        Path out = output.resolve("big.png");
        try (InputStream in = Files.newInputStream(out)) {
            assertEquals(new ImageHeader("PNG", SIDE * SCALE, SIDE * SCALE, 1), ImageHeader.read(in, out.toString()));
        }
        // The last rows decode (every IDAT before them inflates) and hold the scene's bottom-right corner.
        Raster corner = region(out, new Rectangle(SIDE * SCALE - 64, SIDE * SCALE - 64, 64, 64));
        double mean = 0;
        double expected = 0;
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 64; y++) {
                for (int x = 0; x < 64; x++) {
                    mean += corner.getSample(x, y, c) / 255.0;
                    expected += scene.get(c, 968 + y / SCALE, 968 + x / SCALE);
                }
            }
        }
        assertEquals(expected / (3 * 64 * 64), mean / (3 * 64 * 64), 0.05);
    }

    /** An 8000x8000 PNG of the scene repeated, written in strips so this JVM never holds it whole. */
    private static void writeTiledScene(Path file, Image scene) throws IOException {
        int rows = 100;
        try (OutputStream out = Files.newOutputStream(file)) {
            PngStreamWriter writer = new PngStreamWriter(out, SIDE, SIDE, 8, false, 1);
            float[] strip = new float[3 * rows * SIDE];
            for (int top = 0; top < SIDE; top += rows) {
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < rows; y++) {
                        for (int x = 0; x < SIDE; x++) {
                            strip[(c * rows + y) * SIDE + x] = scene.get(c, (top + y) % 1000, x % 1000);
                        }
                    }
                }
                writer.write(strip, rows, 0, rows);
            }
            writer.finish();
        }
    }

    private static Raster region(Path png, Rectangle rectangle) throws IOException {
        ImageReader reader = ImageIO.getImageReadersByFormatName("png").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(png.toFile())) {
            reader.setInput(in);
            ImageReadParam param = reader.getDefaultReadParam();
            param.setSourceRegion(rectangle);
            return reader.read(0, param).getRaster();
        } finally {
            reader.dispose();
        }
    }
}
