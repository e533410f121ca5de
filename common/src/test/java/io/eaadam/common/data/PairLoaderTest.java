package io.eaadam.common.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.eaadam.common.config.ConfigLoader;
import io.eaadam.common.image.Image;
import io.eaadam.common.image.ImageLimits;
import io.eaadam.common.image.MatlabResize;
import io.eaadam.common.testing.TestImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairLoaderTest {

    private static final ImageLimits LIMITS = ConfigLoader.defaults().data().imageLimits();

    private static final Path PHOTOS = Path.of("/usr/share/backgrounds/mate/nature");

    @TempDir
    Path dir;

    @Test
    void pairsByStemWithOrWithoutScaleSuffixAndModCropsTheHr() throws IOException {
        Image hr1 = DataFiles.writePng(dir.resolve("hr/0001.png"), 40, 32, 1);
        Image hr2 = DataFiles.writePng(dir.resolve("hr/0002.png"), 43, 34, 2);
        Image lr1 = DataFiles.writePng(dir.resolve("lr/0001.png"), 10, 8, 3);
        Image lr2 = DataFiles.writePng(dir.resolve("lr/0002x4.png"), 10, 8, 4);
        DataFiles.writePng(dir.resolve("lr/0003x4.png"), 10, 8, 5); // no HR partner: ignored

        LoadResult result = new PairLoader(4, LIMITS).loadAll(hr(), lr(), 8, 0);

        assertEquals(List.of("0001.png", "0002.png"), result.pairs().stream().map(ImagePair::name).toList());
        assertEquals(List.of(), result.report().skipped());
        assertEquals(2, result.report().pairCount());
        assertEquals("0002x4.png", result.report().loaded().get(1).lr().getName());
        assertArrayEquals(hr1.data(), result.pairs().get(0).hr().data());
        assertArrayEquals(lr1.data(), result.pairs().get(0).lr().data());
        // 43x34 is cropped at the top-left to 40x32, the multiple of 4 that LR 10x8 needs.
        assertArrayEquals(hr2.crop(0, 0, 40, 32).data(), result.pairs().get(1).hr().data());
        assertArrayEquals(lr2.data(), result.pairs().get(1).lr().data());
    }

    @Test
    void imagesOverTheLimitsAreSkippedBeforeDecoding() throws IOException {
        DataFiles.writePng(dir.resolve("hr/0001.png"), 40, 32, 1);
        TestImages.blackPng(dir.resolve("hr/0002.png"), 2000, 1000);
        ImageLimits small = new ImageLimits(1 << 20, "data.max-image-bytes", 1_000_000, "data.max-image-pixels");
        LoadResult result = new PairLoader(4, small).loadAll(hr(), "", 8, 0);
        assertEquals(List.of("0001.png"), result.pairs().stream().map(ImagePair::name).toList());
        assertEquals("2000x1000 = 2000000 pixels, more than data.max-image-pixels = 1000000",
                result.report().skipped().get(0).reason());
    }

    @Test
    void withoutLrFolderMakesTheLrByBicubicDownscalingAtTheHrBitDepth() throws IOException {
        Image hr8 = DataFiles.writePng(dir.resolve("hr/a.png"), 29, 20, 1);
        Image hr16 = TestImages.smoothRgb(24, 15, 2).quantized(16);
        Files.write(dir.resolve("hr/b.png"), DataFiles.png(hr16, 16));

        LoadResult result = new PairLoader(3, LIMITS).loadAll(hr(), "", 0, 0);
        List<ImagePair> pairs = result.pairs();

        Image hr8Cropped = hr8.crop(0, 0, 27, 18);
        assertArrayEquals(MatlabResize.downscale(hr8Cropped, 3).quantized(8).data(), pairs.get(0).lr().data());
        Image lr16 = pairs.get(1).lr();
        assertArrayEquals(MatlabResize.downscale(hr16, 3).quantized(16).data(), lr16.data());
        assertFalse(Arrays.equals(lr16.data(), lr16.quantized(8).data()), "16-bit LR kept its precision");
        assertNull(result.report().loaded().get(0).lr(), "no LR file");
    }

    @Test
    void skipsAndReportsEveryUnusableFileWhileTheGoodOnesLoad() throws IOException {
        DataFiles.writePng(dir.resolve("hr/01-good.png"), 32, 32, 1);
        DataFiles.writePng(dir.resolve("lr/01-good.png"), 8, 8, 2);
        DataFiles.writePng(dir.resolve("hr/02-no-partner.png"), 32, 32, 3);
        DataFiles.writePng(dir.resolve("hr/03-mismatch.png"), 32, 32, 4);
        DataFiles.writePng(dir.resolve("lr/03-mismatchx4.png"), 9, 8, 5);
        byte[] valid = DataFiles.png(TestImages.smoothRgb(32, 32, 6).quantized(8), 8);
        Files.write(dir.resolve("hr/04-truncated.png"), Arrays.copyOf(valid, valid.length / 2));
        DataFiles.writePng(dir.resolve("lr/04-truncated.png"), 8, 8, 7);
        Files.writeString(dir.resolve("hr/05-text.png"), "not an image", StandardCharsets.UTF_8);
        DataFiles.writePng(dir.resolve("lr/05-text.png"), 8, 8, 8);
        DataFiles.writePng(dir.resolve("hr/06-small.png"), 12, 12, 9);
        DataFiles.writePng(dir.resolve("lr/06-small.png"), 3, 3, 10);
        DataFiles.writePng(dir.resolve("hr/07-good.jpg"), 32, 32, 11); // PNG bytes named .jpg: sniffed, fine
        DataFiles.writePng(dir.resolve("lr/07-goodx4.png"), 8, 8, 12);
        DataFiles.writePng(dir.resolve("hr/08-two-partners.png"), 32, 32, 13);
        DataFiles.writePng(dir.resolve("lr/08-two-partners.png"), 8, 8, 14);
        DataFiles.writePng(dir.resolve("lr/08-two-partnersx4.jpeg"), 8, 8, 15);
        Files.write(dir.resolve("hr/09-empty.png"), new byte[0]);
        DataFiles.writePng(dir.resolve("lr/09-empty.png"), 8, 8, 16);

        LoadResult result = new PairLoader(4, LIMITS).loadAll(hr(), lr(), 16, 0);

        assertEquals(List.of("01-good.png", "07-good.jpg"), result.pairs().stream().map(ImagePair::name).toList());
        Map<String, String> reasons = new LinkedHashMap<>();
        for (LoadReport.Skipped skipped : result.report().skipped()) {
            reasons.put(Path.of(skipped.file().replaceFirst("^file:", "")).getFileName().toString(), skipped.reason());
        }
        assertEquals(List.of("02-no-partner.png", "03-mismatchx4.png", "04-truncated.png", "05-text.png",
                "06-small.png", "08-two-partners.png", "09-empty.png"), List.copyOf(reasons.keySet()));
        assertEquals("no LR partner in " + lr() + "; expected 02-no-partner.png or 02-no-partnerx4.png"
                + " (or .jpg, .jpeg)", reasons.get("02-no-partner.png"));
        assertEquals("LR is 9x8 pixels; expected 8x8 (HR 32x32 after mod-crop, / 4)", reasons.get("03-mismatchx4.png"));
        assertTrue(reasons.get("04-truncated.png").startsWith("truncated or corrupt PNG data"),
                reasons.get("04-truncated.png"));
        assertEquals("not a PNG, JPEG, TIFF, WebP or BMP image", reasons.get("05-text.png"));
        assertEquals("is 12x12 pixels after mod-crop; expected at least 16 on each side", reasons.get("06-small.png"));
        assertEquals("several LR partners in " + lr() + " (08-two-partners.png, 08-two-partnersx4.jpeg);"
                + " expected one", reasons.get("08-two-partners.png"));
        assertEquals("empty file", reasons.get("09-empty.png"));
        assertEquals("2 pairs from " + hr() + " (LR from " + lr() + "), 7 files skipped", result.report().summary());
    }

    @Test
    void aFolderWithoutAnyUsablePairIsAnErrorNamingItAndTheReasons() throws IOException {
        Files.createDirectories(dir.resolve("hr"));
        Files.writeString(dir.resolve("hr/a.png"), "text");
        Files.write(dir.resolve("hr/b.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2, 3});

        IOException e = assertThrows(IOException.class, () -> new PairLoader(4, LIMITS).loadAll(hr(), "", 0, 0));

        assertTrue(e.getMessage().startsWith(hr() + ": no usable image pairs (0 pairs from " + hr()
                + " (LR made from HR), 2 files skipped): "), e.getMessage());
        assertTrue(e.getMessage().contains("a.png: not a PNG, JPEG, TIFF, WebP or BMP image; "), e.getMessage());
        assertTrue(e.getMessage().contains("b.jpg: truncated or corrupt JPEG data"), e.getMessage());
    }

    @Test
    void aFolderWithoutImagesOrAMissingLrFolderIsAnError() throws IOException {
        Files.createDirectories(dir.resolve("hr"));
        IOException empty = assertThrows(IOException.class, () -> new PairLoader(4, LIMITS).loadAll(hr(), "", 0, 0));
        assertEquals(hr() + ": no PNG or JPEG files; expected a folder of HR images", empty.getMessage());

        DataFiles.writePng(dir.resolve("hr/a.png"), 8, 8, 1);
        IOException noLr = assertThrows(IOException.class, () -> new PairLoader(4, LIMITS).loadAll(hr(), lr(), 0, 0));
        assertTrue(noLr.getMessage().startsWith(lr() + ": no such folder"), noLr.getMessage());
    }

    @Test
    void limitTakesTheFirstUsablePairsInSortedOrder() throws IOException {
        for (String name : List.of("5", "3", "1", "4")) {
            DataFiles.writePng(dir.resolve("hr/" + name + ".png"), 8, 8, name.hashCode());
        }
        Files.writeString(dir.resolve("hr/2.png"), "broken");

        LoadResult result = new PairLoader(2, LIMITS).loadAll(hr(), "", 0, 3);

        assertEquals(List.of("1.png", "3.png", "4.png"), result.pairs().stream().map(ImagePair::name).toList());
        assertEquals(1, result.report().skipped().size());
    }

    @Test
    void loadsTheRealPhotosWithTheirSizesModCropped() throws IOException {
        assumeTrue(Files.isDirectory(PHOTOS), "no photos in " + PHOTOS);
        Map<String, int[]> sizes = Map.ofEntries(
                Map.entry("Aqua.jpg", new int[] {2560, 1600}), Map.entry("Blinds.jpg", new int[] {1920, 1200}),
                Map.entry("Dune.jpg", new int[] {1680, 1048}), Map.entry("FreshFlower.jpg", new int[] {1600, 1200}),
                Map.entry("Garden.jpg", new int[] {2560, 1600}), Map.entry("GreenMeadow.jpg", new int[] {1280, 1024}),
                Map.entry("LadyBird.jpg", new int[] {2560, 1600}), Map.entry("RainDrops.jpg", new int[] {1920, 1200}),
                Map.entry("Storm.jpg", new int[] {1920, 1280}), Map.entry("TwoWings.jpg", new int[] {2560, 1600}),
                Map.entry("Wood.jpg", new int[] {2560, 1920}), Map.entry("YellowFlower.jpg", new int[] {2560, 1600}));
        Map<String, int[]> seen = new LinkedHashMap<>();

        // Streamed, so that the 12 decoded photos never sit in memory together.
        LoadReport report = new PairLoader(4, LIMITS).loadEach(PHOTOS.toString(), "", 128, 0, (files, pair) -> {
            seen.put(pair.name(), new int[] {pair.hr().width(), pair.hr().height()});
            assertEquals(pair.hr().width() / 4, pair.lr().width());
            assertEquals(pair.hr().height() / 4, pair.lr().height());
        });

        assertEquals(12, report.pairCount());
        assertEquals(List.copyOf(new TreeSet<>(sizes.keySet())), List.copyOf(seen.keySet()));
        seen.forEach((name, size) -> assertArrayEquals(sizes.get(name), size, name));
    }

    private String hr() {
        return dir.resolve("hr").toString();
    }

    private String lr() {
        return dir.resolve("lr").toString();
    }
}
