package io.eaadam.common.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.eaadam.common.image.Image;
import io.eaadam.common.testing.TestImages;
import org.junit.jupiter.api.Test;

class PsnrTest {

    @Test
    void identicalImagesAreInfinitelyClose() {
        Image image = TestImages.smoothRgb(20, 16, 1);
        assertEquals(Double.POSITIVE_INFINITY, Psnr.y(image, image, 4));
        assertEquals(Double.POSITIVE_INFINITY, Psnr.rgb(image, image.crop(0, 0, 20, 16), 0));
    }

    @Test
    void constantImagesGiveTheHandComputedValue() {
        Image dark = MetricPairs.constant(12, 10, 0.25f);
        Image light = MetricPairs.constant(12, 10, 0.75f);
        // Y differs by 0.5 * (65.481 + 128.553 + 24.966) = 109.5 everywhere; RGB by 0.5 * 255.
        assertEquals(20 * Math.log10(255 / 109.5), Psnr.y(dark, light, 2), 1e-12);
        assertEquals(20 * Math.log10(2), Psnr.rgb(dark, light, 0), 1e-12);
    }

    @Test
    void matchesNumpy() {
        // numpy: crop, Y = img @ [65.481, 128.553, 24.966] + 16 in float64, 10 log10(255^2 / mse).
        Image[] a = MetricPairs.correlated(30, 26, 21, 22);
        assertEquals(24.78900249754341, Psnr.y(a[0], a[1], 4), 1e-9);
        assertEquals(19.99535202942221, Psnr.rgb(a[0], a[1], 4), 1e-9);
        Image[] b = MetricPairs.correlated(16, 21, 23, 24);
        assertEquals(24.755510944202403, Psnr.y(b[0], b[1], 0), 1e-9);
        assertEquals(19.835163045311518, Psnr.rgb(b[0], b[1], 0), 1e-9);
    }

    @Test
    void onlyTheUncroppedCentreCounts() {
        Image hr = MetricPairs.constant(10, 10, 0.5f);
        Image sr = MetricPairs.constant(10, 10, 0.5f);
        sr.data()[0] = 1f; // top-left pixel of R, inside the 1-pixel border
        assertEquals(Double.POSITIVE_INFINITY, Psnr.y(sr, hr, 1));
        assertEquals(Double.POSITIVE_INFINITY, Psnr.rgb(sr, hr, 1));
    }

    @Test
    void rejectsMismatchedOrTooSmallImages() {
        Image a = MetricPairs.constant(10, 12, 0.5f);
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> Psnr.y(a, MetricPairs.constant(10, 11, 0.5f), 0));
        assertEquals("SR and HR images must have the same size, got SR 3x10x12 and HR 3x10x11 (CxHxW)",
                size.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Psnr.y(a, a, 5));
        assertThrows(IllegalArgumentException.class, () -> Psnr.rgb(a, a, -1));
        Image grey = Image.of(1, 10, 12, new float[120]);
        assertThrows(IllegalArgumentException.class, () -> Psnr.rgb(grey, grey, 0));
    }
}
