package io.eaadam.common.image;

/** Colour conversions used by the metrics. */
public final class ColorSpace {

    private ColorSpace() {
    }

    /**
     * The BT.601 luma of an RGB image, {@code Y = 16 + 65.481 R + 128.553 G + 24.966 B} with R, G, B
     * in [0, 1], so Y is on the 0..255 scale and lies in [16, 235] for in-range input. This is
     * MATLAB's {@code rgb2ycbcr} Y, i.e. BasicSR's {@code rgb2ycbcr(img, y_only=True) * 255}, which
     * SR papers report PSNR and SSIM on.
     *
     * @return H * W values, row-major
     */
    public static double[] luma(Image rgb) {
        if (rgb.channels() != 3) {
            throw new IllegalArgumentException("luma needs a 3-channel RGB image, got " + rgb.shapeString());
        }
        float[] data = rgb.data();
        int plane = rgb.height() * rgb.width();
        double[] y = new double[plane];
        for (int i = 0; i < plane; i++) {
            y[i] = data[i] * 65.481 + data[plane + i] * 128.553 + data[2 * plane + i] * 24.966 + 16.0;
        }
        return y;
    }
}
