package io.eaadam.common.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eaadam.common.image.Image;
import io.eaadam.common.testing.TestImages;
import org.junit.jupiter.api.Test;

class SsimTest {

    @Test
    void identicalImagesGiveExactlyOne() {
        Image image = TestImages.smoothRgb(48, 40, 2);
        assertEquals(1.0, Ssim.y(image, image, 4), 0.0);
        assertEquals(1.0, Ssim.y(image, image.crop(0, 0, 48, 40), 0), 0.0);
    }

    @Test
    void matchesNumpy() {
        // numpy: Y as for PSNR, 11x11 outer-product Gaussian (sigma 1.5), valid 2-D correlation,
        // BasicSR's _ssim formula, mean of the map.
        Image[] a = MetricPairs.correlated(30, 26, 21, 22);
        assertRelative(0.9304047760855272, Ssim.y(a[0], a[1], 4));
        Image[] b = MetricPairs.correlated(16, 21, 23, 24);
        assertRelative(0.9392280503146678, Ssim.y(b[0], b[1], 0));
        Image c = TestImages.lcgNoise(3, 24, 20, 31);
        Image d = TestImages.lcgNoise(3, 24, 20, 32);
        assertRelative(-0.054002049677093704, Ssim.y(c, d, 0));
    }

    @Test
    void degradesWithDistortion() {
        Image hr = TestImages.smoothRgb(64, 48, 3);
        double mild = Ssim.y(blend(hr, 0.95f), hr, 4);
        double strong = Ssim.y(blend(hr, 0.6f), hr, 4);
        assertTrue(1 > mild && mild > strong, mild + " " + strong);
    }

    @Test
    void needsAnElevenPixelWindowAfterTheCrop() {
        Image image = MetricPairs.constant(19, 30, 0.5f);
        assertEquals(1.0, Ssim.y(image, image, 4), 0.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ssim.y(image, image, 5));
        assertEquals("a 30x19 image cropped by 5 pixels per border leaves less than the 11 pixels per side"
                + " this metric needs", e.getMessage());
    }

    /** {@code weight * image + (1 - weight) * mid-grey}: lower contrast, same structure. */
    private static Image blend(Image image, float weight) {
        float[] out = image.data().clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = weight * out[i] + (1 - weight) * 0.5f;
        }
        return Image.of(image.channels(), image.height(), image.width(), out);
    }

    private static void assertRelative(double expected, double actual) {
        assertEquals(expected, actual, Math.abs(expected) * 1e-9);
    }
}
