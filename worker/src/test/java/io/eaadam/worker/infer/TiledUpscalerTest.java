package io.eaadam.worker.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;

import io.eaadam.common.config.ConfigLoader;
import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.image.Image;
import io.eaadam.common.image.ImageCodec;
import io.eaadam.common.image.MatlabResize;
import io.eaadam.common.image.RasterImage;
import io.eaadam.common.image.StripWriter;
import io.eaadam.common.image.SyntheticImages;
import io.eaadam.common.testing.TestImages;
import io.eaadam.worker.nn.Generator;
import io.eaadam.worker.nn.Models;
import io.eaadam.worker.runtime.TorchRuntime;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Tiled upscaling (PyTorch-checked golden MSRResNet x4 weights) matches the whole-image pass within one
 * grey level, and equals it exactly when one tile holds the image; alpha follows MATLAB bicubic.
 */
class TiledUpscalerTest {

    private static NDManager manager;
    private static Generator generator;

    @BeforeAll
    static void loadGoldenModel() throws Exception {
        String weights = Path.of(TiledUpscalerTest.class.getResource("/golden/msrresnet_x4.safetensors").toURI()).toString();
        EaAdamConfig.Model model = ConfigLoader.load(null, List.of("model.num-block=2", "model.num-feat=8",
                "model.init-weights=\"" + weights + "\"")).model();
        manager = NDManager.newBaseManager(Device.cpu(), TorchRuntime.ENGINE);
        generator = Models.generator(model, manager, 0);
    }

    @AfterAll
    static void close() {
        generator.close();
        manager.close();
    }

    @Test
    void tiledMatchesWholeImageWithinOneGreyLevel() throws IOException {
        RasterImage image = raster(SyntheticImages.scene(100, 76, 4), null);
        Image whole = new Upscaler(generator).upscale(image.whole().rgb());
        Image tiled = tiled(image, 40, 12, 3);
        assertEquals(whole.shapeString(), tiled.shapeString());
        float worst = maxLevels(whole, tiled);
        assertTrue(worst <= 1f, "tiled differs from whole by " + worst + " grey levels");
        // The blending is what makes this pass: tiles simply abutting (no overlap) show seams.
        assertTrue(maxLevels(whole, tiled(image, 25, 0, 3)) > 1f);
    }

    @Test
    void oneTileForTheWholeImageIsTheUntiledPass() throws IOException {
        RasterImage image = raster(SyntheticImages.scene(30, 22, 5), null);
        Image whole = new Upscaler(generator).upscale(image.whole().rgb());
        assertArrayEquals(whole.data(), tiled(image, 64, 8, 1).data());
    }

    @Test
    void alphaIsUpscaledWithMatlabBicubicAndBlendedLikeColour() throws IOException {
        Image alpha = TestImages.smoothRgb(60, 44, 6).channel(1);
        RasterImage image = raster(SyntheticImages.scene(60, 44, 6), alpha);
        Image rgba = tiled(image, 32, 8, 2);
        assertEquals(4, rgba.channels());
        Image expected = MatlabResize.resize(image.whole().alpha(), 4);
        assertTrue(maxLevels(expected, rgba.channel(3)) <= 1f, "alpha off by " + maxLevels(expected, rgba.channel(3)));
    }

    private static Image tiled(RasterImage image, int tile, int overlap, int batch) throws IOException {
        int s = generator.scale();
        Collector collector = new Collector(image.hasAlpha() ? 4 : 3, image.height() * s, image.width() * s);
        new TiledUpscaler(generator, tile, overlap, batch).upscale(image, collector);
        assertEquals(image.height() * s, collector.rows);
        return Image.of(collector.channels, collector.height, collector.width, collector.data);
    }

    private static RasterImage raster(Image rgb, Image alpha) throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageCodec.encodePng(rgb, alpha, 8, png);
        return ImageCodec.decodeRaster(png.toByteArray(), "test.png");
    }

    private static float maxLevels(Image a, Image b) {
        Image qa = a.quantized(8);
        Image qb = b.quantized(8);
        float worst = 0;
        for (int i = 0; i < qa.data().length; i++) {
            worst = Math.max(worst, Math.abs(qa.data()[i] - qb.data()[i]) * 255);
        }
        return Math.round(worst);
    }

    /** Gathers the strips into one image, checking that they come top to bottom. */
    private static final class Collector implements StripWriter {
        final int channels;
        final int height;
        final int width;
        final float[] data;
        int rows;

        Collector(int channels, int height, int width) {
            this.channels = channels;
            this.height = height;
            this.width = width;
            this.data = new float[channels * height * width];
        }

        @Override
        public void write(float[] planes, int planeRows, int firstRow, int count) {
            for (int c = 0; c < channels; c++) {
                System.arraycopy(planes, (c * planeRows + firstRow) * width, data, (c * height + rows) * width,
                        count * width);
            }
            rows += count;
        }

        @Override
        public void finish() {}
    }
}
