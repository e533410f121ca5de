package io.eaadam.common.metrics;

import io.eaadam.common.image.ColorSpace;
import io.eaadam.common.image.Image;
import java.util.Arrays;

/**
 * Structural similarity as BasicSR's {@code _ssim} (the MATLAB reference of Wang et al.): an 11x11
 * Gaussian window with sigma 1.5 (outer product of the normalised 1-D kernel), "valid" filtering
 * only (no padding, so the SSIM map of an H x W image is (H-10) x (W-10)), C1 = (0.01 * 255)^2,
 * C2 = (0.03 * 255)^2, variances as E[x^2] - mu^2, and the mean of the map. The window is applied
 * separably in double precision, which changes results only by rounding (about 1e-15).
 */
public final class Ssim {

    private static final int WINDOW = 11;
    private static final double C1 = (0.01 * 255) * (0.01 * 255);
    private static final double C2 = (0.03 * 255) * (0.03 * 255);
    private static final double[] KERNEL = gaussian(WINDOW, 1.5);
    /** The five filtered signals: mu_x, mu_y, E[x^2], E[y^2], E[xy]. */
    private static final int SIGNALS = 5;

    private Ssim() {
    }

    /**
     * SSIM on the luma ({@link ColorSpace#luma}, 0..255 scale) after cropping {@code cropBorder}
     * pixels from every border of both images. Identical images give exactly 1.
     *
     * @throws IllegalArgumentException when the images differ in size, are not RGB, or are smaller
     *     than 11x11 after the crop
     */
    public static double y(Image sr, Image hr, int cropBorder) {
        MetricInputs.check(sr, hr, cropBorder, WINDOW);
        Image a = MetricInputs.crop(sr, cropBorder);
        Image b = MetricInputs.crop(hr, cropBorder);
        return mean(ColorSpace.luma(a), ColorSpace.luma(b), a.height(), a.width());
    }

    /**
     * Mean SSIM of two row-major {@code height x width} planes. Rows are filtered horizontally into a
     * ring of the last 11 rows, which is then filtered vertically, so memory stays O(width).
     */
    private static double mean(double[] x, double[] y, int height, int width) {
        int outWidth = width - WINDOW + 1;
        double[][][] ring = new double[WINDOW][SIGNALS][outWidth];
        double[][] sums = new double[SIGNALS][outWidth];
        double total = 0;
        for (int row = 0; row < height; row++) {
            filterRow(x, y, row * width, ring[row % WINDOW]);
            int top = row - WINDOW + 1;
            if (top < 0) {
                continue;
            }
            for (double[] s : sums) {
                Arrays.fill(s, 0);
            }
            for (int k = 0; k < WINDOW; k++) {
                double g = KERNEL[k];
                double[][] filtered = ring[(top + k) % WINDOW];
                for (int s = 0; s < SIGNALS; s++) {
                    for (int c = 0; c < outWidth; c++) {
                        sums[s][c] += g * filtered[s][c];
                    }
                }
            }
            for (int c = 0; c < outWidth; c++) {
                total += ssim(sums[0][c], sums[1][c], sums[2][c], sums[3][c], sums[4][c]);
            }
        }
        return total / ((double) (height - WINDOW + 1) * outWidth);
    }

    /** Horizontal valid filtering of one row of x, y, x^2, y^2 and xy into {@code out[signal]}. */
    private static void filterRow(double[] x, double[] y, int start, double[][] out) {
        for (int c = 0; c < out[0].length; c++) {
            double mx = 0;
            double my = 0;
            double xx = 0;
            double yy = 0;
            double xy = 0;
            for (int k = 0; k < WINDOW; k++) {
                double g = KERNEL[k];
                double a = x[start + c + k];
                double b = y[start + c + k];
                mx += g * a;
                my += g * b;
                // Same expression shape for all three products, so identical inputs give identical sums.
                xx += g * (a * a);
                yy += g * (b * b);
                xy += g * (a * b);
            }
            out[0][c] = mx;
            out[1][c] = my;
            out[2][c] = xx;
            out[3][c] = yy;
            out[4][c] = xy;
        }
    }

    /** One SSIM map value, written as BasicSR writes it (keeps identical inputs at exactly 1). */
    private static double ssim(double mu1, double mu2, double ex2, double ey2, double exy) {
        double mu1Sq = mu1 * mu1;
        double mu2Sq = mu2 * mu2;
        double mu1Mu2 = mu1 * mu2;
        double sigma1Sq = ex2 - mu1Sq;
        double sigma2Sq = ey2 - mu2Sq;
        double sigma12 = exy - mu1Mu2;
        return ((2 * mu1Mu2 + C1) * (2 * sigma12 + C2)) / ((mu1Sq + mu2Sq + C1) * (sigma1Sq + sigma2Sq + C2));
    }

    /** OpenCV's {@code getGaussianKernel(size, sigma)}: exp(-d^2 / (2 sigma^2)), normalised to sum 1. */
    private static double[] gaussian(int size, double sigma) {
        double[] kernel = new double[size];
        double sum = 0;
        for (int i = 0; i < size; i++) {
            double d = i - (size - 1) / 2.0;
            kernel[i] = Math.exp(-d * d / (2 * sigma * sigma));
            sum += kernel[i];
        }
        for (int i = 0; i < size; i++) {
            kernel[i] /= sum;
        }
        return kernel;
    }
}
