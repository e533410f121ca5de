package io.eaadam.common.image;

/**
 * MATLAB's {@code imresize(img, scale, 'bicubic')}, antialiasing included, computed exactly as
 * BasicSR's {@code basicsr/utils/matlab_functions.py} does. This is the degradation that produced
 * the DIV2K/Flickr2K "bicubic" LR sets, so LR images made here match the published ones; PIL's and
 * OpenCV's bicubic do not.
 *
 * <p>The algorithm, per dimension: output pixel {@code i} (1-based) maps to input coordinate
 * {@code u = i / scale + 0.5 (1 - 1 / scale)}; the Keys cubic kernel with a = -0.5 and width 4 is
 * sampled at the {@code ceil(width) + 2} nearest pixels, widened to {@code 4 / scale} (and scaled by
 * {@code scale}) when shrinking; the weights of each output pixel are normalised to sum to 1; edge
 * columns holding zero weights are trimmed as BasicSR trims them; pixels outside the image are read
 * from its mirror image (symmetric padding). Rows are resized first, then columns, as in BasicSR.
 * The output size is {@code ceil(size * scale)}.
 *
 * <p>Unlike BasicSR (float32) this works in double precision and rounds to float once at the end.
 * It also accepts images smaller than the kernel's reach (BasicSR raises an error there) by
 * repeating the mirroring.
 */
public final class MatlabResize {

    private static final double KERNEL_WIDTH = 4;

    private MatlabResize() {
    }

    /**
     * The SR degradation: {@code hr} shrunk by {@code 1 / factor}. An HR side that is not a multiple
     * of {@code factor} gives {@code ceil(side / factor)}.
     */
    public static Image downscale(Image hr, int factor) {
        if (factor < 1) {
            throw new IllegalArgumentException("downscale factor must be at least 1, got " + factor);
        }
        return resize(hr, 1.0 / factor);
    }

    /** {@code in} resized by {@code scale} in both dimensions (below 1 shrinks, with antialiasing). */
    public static Image resize(Image in, double scale) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("resize scale must be positive and finite, got " + scale);
        }
        // A side too large for an int saturates, which the size check below then rejects.
        int outHeight = (int) Math.ceil(in.height() * scale);
        int outWidth = (int) Math.ceil(in.width() * scale);
        if ((long) in.channels() * outHeight * Math.max(in.width(), outWidth) > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("resizing a " + in.shapeString() + " image by " + scale
                    + " gives " + outWidth + "x" + outHeight + " pixels, more than one array can hold");
        }
        double[] rows = resizeRows(in, Taps.of(in.height(), outHeight, scale));
        float[] out = resizeColumns(rows, in.channels() * outHeight, in.width(), Taps.of(in.width(), outWidth, scale));
        return Image.of(in.channels(), outHeight, outWidth, out);
    }

    /** Vertical pass: every output row is a weighted sum of whole input rows, which vectorises. */
    private static double[] resizeRows(Image in, Taps taps) {
        int width = in.width();
        int height = in.height();
        int outHeight = taps.outLength;
        float[] src = in.data();
        double[] out = new double[in.channels() * outHeight * width];
        for (int c = 0; c < in.channels(); c++) {
            for (int i = 0; i < outHeight; i++) {
                int to = (c * outHeight + i) * width;
                for (int k = 0; k < taps.count; k++) {
                    double weight = taps.weight[i * taps.count + k];
                    if (weight == 0) {
                        continue;
                    }
                    int from = (c * height + taps.index[i * taps.count + k]) * width;
                    for (int x = 0; x < width; x++) {
                        out[to + x] += weight * src[from + x];
                    }
                }
            }
        }
        return out;
    }

    /** Horizontal pass over {@code rowCount} rows of {@code width} values. */
    private static float[] resizeColumns(double[] in, int rowCount, int width, Taps taps) {
        int outWidth = taps.outLength;
        float[] out = new float[rowCount * outWidth];
        for (int r = 0; r < rowCount; r++) {
            int from = r * width;
            for (int j = 0; j < outWidth; j++) {
                double sum = 0;
                for (int k = 0; k < taps.count; k++) {
                    sum += taps.weight[j * taps.count + k] * in[from + taps.index[j * taps.count + k]];
                }
                out[r * outWidth + j] = (float) sum;
            }
        }
        return out;
    }

    /** The Keys cubic kernel with a = -0.5, as BasicSR's {@code cubic}. */
    private static double cubic(double x) {
        double ax = Math.abs(x);
        double ax2 = ax * ax;
        double ax3 = ax2 * ax;
        if (ax <= 1) {
            return 1.5 * ax3 - 2.5 * ax2 + 1;
        }
        if (ax <= 2) {
            return -0.5 * ax3 + 2.5 * ax2 - 4 * ax + 2;
        }
        return 0;
    }

    /** Mirror of index {@code j} into {@code [0, length)}, edge pixels repeated (MATLAB "symmetric"). */
    private static int mirror(int j, int length) {
        int m = Math.floorMod(j, 2 * length);
        return m < length ? m : 2 * length - 1 - m;
    }

    /**
     * The weights of one dimension, computed once and shared by all rows or columns: output pixel
     * {@code i} is {@code sum_k weight[i * count + k] * input[index[i * count + k]]}, with indices
     * already mirrored into the image.
     */
    private static final class Taps {
        final int outLength;
        final int count;
        final int[] index;
        final double[] weight;

        private Taps(int outLength, int count, int[] index, double[] weight) {
            this.outLength = outLength;
            this.count = count;
            this.index = index;
            this.weight = weight;
        }

        /** BasicSR's {@code calculate_weights_indices}. */
        static Taps of(int inLength, int outLength, double scale) {
            boolean antialias = scale < 1;
            double kernelWidth = antialias ? KERNEL_WIDTH / scale : KERNEL_WIDTH;
            double taps = Math.ceil(kernelWidth) + 2;
            if (taps * outLength > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("resize scale " + scale + " is too small: " + outLength
                        + " output pixels of " + taps + " kernel taps each do not fit one array");
            }
            int p = (int) taps;
            int[] left = new int[outLength];
            double[] raw = new double[outLength * p];
            boolean firstHasZero = false;
            boolean lastHasZero = false;
            for (int i = 0; i < outLength; i++) {
                double u = (i + 1) / scale + 0.5 * (1 - 1 / scale);
                left[i] = (int) Math.floor(u - kernelWidth / 2);
                double sum = 0;
                for (int k = 0; k < p; k++) {
                    double distance = u - (left[i] + k);
                    double w = antialias ? scale * cubic(distance * scale) : cubic(distance);
                    raw[i * p + k] = w;
                    sum += w;
                }
                for (int k = 0; k < p; k++) {
                    raw[i * p + k] /= sum;
                }
                firstHasZero |= raw[i * p] == 0;
                lastHasZero |= raw[i * p + p - 1] == 0;
            }
            // BasicSR's trimming, kept verbatim: a zero in the first column drops the first and the last
            // column; otherwise a zero in the last column drops the last two. Both columns always hold
            // zeros in practice, so this equals MATLAB's removal of all-zero edge columns.
            int first = firstHasZero ? 1 : 0;
            int count = firstHasZero || lastHasZero ? p - 2 : p;
            int[] index = new int[outLength * count];
            double[] weight = new double[outLength * count];
            for (int i = 0; i < outLength; i++) {
                for (int k = 0; k < count; k++) {
                    // left is a 1-based MATLAB index.
                    index[i * count + k] = mirror(left[i] + first + k - 1, inLength);
                    weight[i * count + k] = raw[i * p + first + k];
                }
            }
            return new Taps(outLength, count, index, weight);
        }
    }
}
