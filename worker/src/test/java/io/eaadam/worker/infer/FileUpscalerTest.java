package io.eaadam.worker.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;

import io.eaadam.common.config.ConfigLoader;
import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.fs.Storage;
import io.eaadam.common.image.ImageCodec;
import io.eaadam.common.image.RasterImage;
import io.eaadam.common.testing.FormatImages;
import io.eaadam.common.testing.TestImages;
import io.eaadam.common.upscale.UpscaleRecord;
import io.eaadam.worker.nn.Generator;
import io.eaadam.worker.nn.Models;
import io.eaadam.worker.runtime.TorchRuntime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.color.ICC_Profile;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** One input that cannot be upscaled is that input's failed record, with the reason, never an exception. */
class FileUpscalerTest {

    @TempDir
    Path dir;

    private UpscaleRecord upscale(Path input, String... overrides) throws IOException {
        return upscale(input, dir.resolve("out.png"), overrides);
    }

    private UpscaleRecord upscale(Path input, Path output, String... overrides) throws IOException {
        EaAdamConfig config = ConfigLoader.load(null, List.of(overrides));
        EaAdamConfig.Model model = ConfigLoader.load(null, List.of("model.num-block=1", "model.num-feat=4")).model();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), TorchRuntime.ENGINE);
                Generator generator = Models.generator(model, manager, 1)) {
            EaAdamConfig.Upscale settings = config.upscale();
            FileUpscaler files = new FileUpscaler(new TiledUpscaler(generator, settings.tile(), settings.overlap(),
                    settings.batch()), settings);
            return files.upscale(Storage.path(input.toString()), Storage.path(output.toString()));
        }
    }

    @Test
    void aVeryWideImageIsRefusedByItsBandOfOutputRows() throws IOException {
        Path wide = dir.resolve("wide.png");
        TestImages.blackPng(wide, 200_000, 250);
        UpscaleRecord record = upscale(wide);
        assertEquals(UpscaleRecord.FAILED, record.status());
        assertEquals(wide + ": 200000 pixels wide, its band of output rows needs 12207 MB, more than "
                + "upscale.max-band-mb = 1024; a smaller --tile lowers it", record.reason());
        assertFalse(Files.exists(dir.resolve("out.png")));
    }

    @Test
    void tooManyBytesOrPixelsAreRefusedBeforeDecoding() throws IOException {
        Path sparse = dir.resolve("huge.png");
        try (RandomAccessFile file = new RandomAccessFile(sparse.toFile(), "rw")) {
            file.setLength(5L << 30);
        }
        UpscaleRecord bytes = upscale(sparse);
        assertEquals(sparse + ": 5368709120 bytes, more than upscale.max-input-bytes = 1073741824", bytes.reason());
        assertEquals(5L << 30, bytes.inputBytes());

        Path bomb = dir.resolve("bomb.png");
        TestImages.blackPng(bomb, 4000, 3000);
        UpscaleRecord pixels = upscale(bomb, "upscale.max-input-pixels=1000000");
        assertEquals(bomb + ": 4000x3000 = 12000000 pixels, more than upscale.max-input-pixels = 1000000",
                pixels.reason());
    }

    @Test
    void aWellFormedInputGoesThrough() throws IOException {
        Path small = dir.resolve("small.png");
        TestImages.blackPng(small, 30, 20);
        UpscaleRecord record = upscale(small);
        assertEquals(UpscaleRecord.OK, record.status(), record.reason());
        assertEquals(120, record.outputWidth());
        assertTrue(Files.isRegularFile(dir.resolve("out.png")));
    }

    @Test
    void aSixteenBitMultiPageTiffBecomesASixteenBitTiffOfItsFirstPageWithItsProfile() throws IOException {
        Path scan = dir.resolve("scan.tif");
        ICC_Profile clay;
        try (var in = getClass().getResourceAsStream("/profiles/ClayRGB1998.icc")) {
            clay = ICC_Profile.getInstance(in);
        }
        Files.write(scan, FormatImages.tiff(FormatImages.pattern(30, 20, 16, clay), "Deflate", 16, 2));
        Path out = dir.resolve("scan-x4.tif");
        UpscaleRecord record = upscale(scan, out, "upscale.format=tiff");
        assertEquals(UpscaleRecord.OK, record.status());
        assertEquals(scan + ": only the first of its 2 pages was upscaled", record.reason());
        RasterImage image = ImageCodec.decodeRaster(Files.readAllBytes(out), out.toString());
        assertEquals(120, image.width());
        assertEquals(80, image.height());
        assertEquals(16, image.bitDepth());
        assertArrayEquals(clay.getData(), image.iccProfile());
    }
}
