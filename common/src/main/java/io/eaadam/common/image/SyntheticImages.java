package io.eaadam.common.image;

import io.eaadam.common.random.Seeds;

import java.util.SplittableRandom;

/**
 * Photo-like images made from a seed, for demos on machines without a dataset: shaded background,
 * discs and polygons with sharp and soft edges, stripes and grids of varying frequency, and fine
 * texture; the kinds of structure a super-resolution model learns from.
 */
public final class SyntheticImages {

    private SyntheticImages() {}

    public static Image scene(int width, int height, long seed) {
        SplittableRandom random = Seeds.random(seed, "synthetic-scene");
        int plane = width * height;
        float[] data = new float[3 * plane];
        double[] top = colour(random);
        double[] bottom = colour(random);
        for (int y = 0; y < height; y++) {
            double t = y / (double) Math.max(height - 1, 1);
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < 3; c++) {
                    data[c * plane + y * width + x] = (float) (top[c] * (1 - t) + bottom[c] * t);
                }
            }
        }
        int shapes = 6 + random.nextInt(6);
        for (int s = 0; s < shapes; s++) {
            double[] colour = colour(random);
            double cx = random.nextDouble() * width;
            double cy = random.nextDouble() * height;
            double radius = (0.05 + 0.25 * random.nextDouble()) * Math.min(width, height);
            double softness = random.nextDouble() < 0.5 ? 0.5 : 1 + 4 * random.nextDouble();
            int kind = random.nextInt(3);
            double period = 6 + random.nextDouble() * 14; // above the LR Nyquist limit at x4
            double angle = random.nextDouble() * Math.PI;
            for (int y = (int) Math.max(0, cy - radius - softness); y < Math.min(height, cy + radius + softness); y++) {
                for (int x = (int) Math.max(0, cx - radius - softness); x < Math.min(width, cx + radius + softness); x++) {
                    double dx = x - cx;
                    double dy = y - cy;
                    double distance = kind == 1 ? Math.max(Math.abs(dx), Math.abs(dy)) : Math.hypot(dx, dy);
                    double coverage = Math.min(1, Math.max(0, (radius - distance) / softness + 0.5));
                    if (coverage <= 0) {
                        continue;
                    }
                    double shade = 1;
                    if (kind == 2) { // stripes across the disc
                        double u = dx * StrictMath.cos(angle) + dy * StrictMath.sin(angle);
                        shade = 0.6 + 0.4 * StrictMath.sin(2 * Math.PI * u / period);
                    }
                    for (int c = 0; c < 3; c++) {
                        int i = c * plane + y * width + x;
                        data[i] = (float) (data[i] * (1 - coverage) + colour[c] * shade * coverage);
                    }
                }
            }
        }
        for (int i = 0; i < data.length; i++) { // sensor-like grain
            data[i] = (float) Math.min(1, Math.max(0, data[i] + (random.nextDouble() - 0.5) * 0.006));
        }
        return Image.of(3, height, width, data);
    }

    private static double[] colour(SplittableRandom random) {
        return new double[] {0.1 + 0.8 * random.nextDouble(), 0.1 + 0.8 * random.nextDouble(),
            0.1 + 0.8 * random.nextDouble()};
    }
}
