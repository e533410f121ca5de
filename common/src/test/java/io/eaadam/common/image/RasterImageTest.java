package io.eaadam.common.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.eaadam.common.testing.TestImages;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** Rectangles of a raster equal crops of the whole decode, with or without an EXIF orientation. */
class RasterImageTest {

    @Test
    void aRegionIsACropOfTheWholeImage() throws IOException {
        Image rgb = TestImages.lcgNoise(3, 19, 23, 3);
        Image alpha = TestImages.lcgNoise(1, 19, 23, 5);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageCodec.encodePng(rgb, alpha, 16, png);
        RasterImage raster = ImageCodec.decodeRaster(png.toByteArray(), "a.png");
        DecodedImage whole = raster.whole();
        DecodedImage region = raster.region(4, 7, 11, 9);
        assertArrayEquals(whole.rgb().crop(4, 7, 11, 9).data(), region.rgb().data());
        assertArrayEquals(whole.alpha().crop(4, 7, 11, 9).data(), region.alpha().data());
        assertEquals(16, region.bitDepth());
    }

    @Test
    void orientationSixShowsTheImageTurnedClockwise() throws IOException {
        Image rgb = TestImages.lcgNoise(3, 5, 8, 9);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageCodec.encodePng(rgb, null, 8, png);
        RasterImage turned = ImageCodec.decodeRaster(png.toByteArray(), "b.png").oriented(6);
        assertEquals(5, turned.width());
        assertEquals(8, turned.height());
        Image stored = rgb.quantized(8);
        Image shown = turned.whole().rgb();
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 5; x++) {
                    // Clockwise: the stored top row becomes the right-hand column.
                    assertEquals(stored.get(c, 4 - x, y), shown.get(c, y, x));
                }
            }
        }
        assertArrayEquals(shown.crop(1, 2, 3, 4).data(), turned.region(1, 2, 3, 4).rgb().data());
    }
}
