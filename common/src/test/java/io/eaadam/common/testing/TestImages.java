package io.eaadam.common.testing;

import io.eaadam.common.image.Image;
import io.eaadam.common.image.PngStreamWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Deterministic generated images for tests, shared with other modules through common's test-jar. */
public final class TestImages {

    private static final long MINSTD_MODULUS = 2147483647L;

    private TestImages() {
    }

    /**
     * A valid black 8-bit RGB PNG of any size, written row by row (a 20000x20000 one is about 1 MB): what a
     * hostile archive holds to exhaust a decoder's memory.
     */
    public static void blackPng(Path file, int width, int height) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            PngStreamWriter png = new PngStreamWriter(out, width, height, 8, false, 9);
            int rows = Math.max(1, (1 << 20) / width);
            float[] black = new float[3 * rows * width];
            for (int y = 0; y < height; y += rows) {
                png.write(black, rows, 0, Math.min(rows, height - y));
            }
            png.finish();
        }
    }

    /**
     * A photo-like RGB image in [0, 1]: a few low-frequency sinusoids (periods from about a third of
     * the image to several images) plus two straight sharp edges at random angles, with correlated
     * but distinct channels. The same arguments always give the same pixels (StrictMath, seeded).
     */
    public static Image smoothRgb(int width, int height, long seed) {
        Random random = new Random(seed);
        int waves = 4;
        double[][] wave = new double[waves][];
        for (int k = 0; k < waves; k++) {
            // cycles across the width and height, phase, amplitude (<= 0.06 each, 0.24 in all)
            wave[k] = new double[] {random.nextDouble() * 6 - 3, random.nextDouble() * 6 - 3,
                random.nextDouble() * 2 * Math.PI, 0.02 + 0.04 * random.nextDouble()};
        }
        int edges = 2;
        double[][] edge = new double[edges][];
        for (int e = 0; e < edges; e++) {
            // normal angle, offset from the centre (fraction of the image), step (<= 0.08 each, 0.16 in all)
            edge[e] = new double[] {random.nextDouble() * 2 * Math.PI, random.nextDouble() * 0.6 - 0.3,
                0.03 + 0.05 * random.nextDouble()};
        }
        // Per channel: a base level within 0.1 of mid-grey and a gain of at most 1 on the shared
        // pattern (whose swing is at most 0.4), so every value stays inside [0, 1].
        double[] base = new double[3];
        double[] gain = new double[3];
        for (int c = 0; c < 3; c++) {
            base[c] = 0.4 + 0.2 * random.nextDouble();
            gain[c] = 0.5 + 0.5 * random.nextDouble();
        }
        int plane = width * height;
        float[] data = new float[3 * plane];
        for (int y = 0; y < height; y++) {
            double v = y / (double) height;
            for (int x = 0; x < width; x++) {
                double u = x / (double) width;
                double pattern = 0;
                for (double[] w : wave) {
                    pattern += w[3] * StrictMath.sin(2 * Math.PI * (w[0] * u + w[1] * v) + w[2]);
                }
                for (double[] e : edge) {
                    double side = (u - 0.5) * StrictMath.cos(e[0]) + (v - 0.5) * StrictMath.sin(e[0]) - e[1];
                    pattern += side >= 0 ? e[2] : -e[2];
                }
                for (int c = 0; c < 3; c++) {
                    data[c * plane + y * width + x] = (float) (base[c] + gain[c] * pattern);
                }
            }
        }
        return Image.of(3, height, width, data);
    }

    /**
     * Uniform noise in (0, 1) that Python can reproduce exactly: the MINSTD sequence
     * {@code s[k+1] = 48271 * s[k] mod (2^31 - 1)} from {@code s[0] = seed}, sample {@code k} (CHW
     * order, from 0) being {@code (float) (s[k+1] / (2^31 - 1.0))}.
     *
     * @param seed in [1, 2^31 - 2]
     */
    public static Image lcgNoise(int channels, int height, int width, int seed) {
        if (seed < 1 || seed >= MINSTD_MODULUS) {
            throw new IllegalArgumentException("MINSTD seed must be in [1, 2^31 - 2], got " + seed);
        }
        float[] data = new float[channels * height * width];
        long state = seed;
        for (int i = 0; i < data.length; i++) {
            state = state * 48271 % MINSTD_MODULUS;
            data[i] = (float) (state / (double) MINSTD_MODULUS);
        }
        return Image.of(channels, height, width, data);
    }

    /**
     * {@code jpeg} (as the JDK encoder writes it: SOI, then a JFIF APP0) with an EXIF APP1 segment holding
     * {@code orientation} inserted after the APP0, as cameras write it.
     */
    public static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        byte[] app1 = {(byte) 0xFF, (byte) 0xE1, 0, 34, 'E', 'x', 'i', 'f', 0, 0,
            'M', 'M', 0, 42, 0, 0, 0, 8, // TIFF header, big-endian, IFD0 at 8
            0, 1, // one entry
            0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0, // orientation, SHORT, count 1
            0, 0, 0, 0}; // no next IFD
        int afterApp0 = 4 + ((jpeg[4] & 0xFF) << 8 | (jpeg[5] & 0xFF));
        byte[] out = new byte[jpeg.length + app1.length];
        System.arraycopy(jpeg, 0, out, 0, afterApp0);
        System.arraycopy(app1, 0, out, afterApp0, app1.length);
        System.arraycopy(jpeg, afterApp0, out, afterApp0 + app1.length, jpeg.length - afterApp0);
        return out;
    }
}
