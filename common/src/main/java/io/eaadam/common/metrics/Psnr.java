package io.eaadam.common.metrics;

import io.eaadam.common.image.ColorSpace;
import io.eaadam.common.image.Image;

/**
 * Peak signal-to-noise ratio in dB on the 0..255 scale, as BasicSR's {@code calculate_psnr}:
 * {@code 10 log10(255^2 / MSE)} in double precision, {@code +Infinity} for identical images.
 * Values are used as given; callers clamp or quantise first when their protocol says so.
 */
public final class Psnr {

    private Psnr() {
    }

    /**
     * PSNR on the luma ({@link ColorSpace#luma}) after cropping {@code cropBorder} pixels from every
     * border of both images: the figure SR papers report.
     *
     * @throws IllegalArgumentException when the images differ in size, are not RGB, or the crop
     *     leaves nothing
     */
    public static double y(Image sr, Image hr, int cropBorder) {
        MetricInputs.check(sr, hr, cropBorder, 1);
        double[] a = ColorSpace.luma(MetricInputs.crop(sr, cropBorder));
        double[] b = ColorSpace.luma(MetricInputs.crop(hr, cropBorder));
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            sum += d * d;
        }
        return fromMse(sum / a.length);
    }

    /** PSNR on all three RGB channels scaled to 0..255, after the same border crop as {@link #y}. */
    public static double rgb(Image sr, Image hr, int cropBorder) {
        MetricInputs.check(sr, hr, cropBorder, 1);
        float[] a = MetricInputs.crop(sr, cropBorder).data();
        float[] b = MetricInputs.crop(hr, cropBorder).data();
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] * 255.0 - b[i] * 255.0;
            sum += d * d;
        }
        return fromMse(sum / a.length);
    }

    private static double fromMse(double mse) {
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
    }
}
