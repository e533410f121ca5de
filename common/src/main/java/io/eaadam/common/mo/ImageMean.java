package io.eaadam.common.mo;

/**
 * The mean of per-image float32 losses exactly as libtorch's CPU kernel computes {@code stack(values).mean(0)}
 * (ATen's {@code cascade_sum}: the column read as rows of four, four float accumulators in cascade levels of
 * 16 rows, then one float division). The EA's objectives are this mean over the EA set's images; computed
 * here, in Java, every worker of an EA stage gets the same bits from the same per-image values whatever its
 * device or CPU, and they equal those of a single libtorch CPU evaluation (ImageMeanParityTest checks it).
 */
public final class ImageMean {

    private static final int ROWS = 4;
    private static final int LEVELS = 4;

    private ImageMean() {}

    public static float of(float[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("the mean of no images");
        }
        return sum(values) / values.length;
    }

    /** ATen's row_sum: multi_row_sum over the column read as (n / 4, 4), the remainder, then the four partials. */
    private static float sum(float[] values) {
        int rows = values.length / ROWS;
        int levelPower = Math.max(4, ceilLog2(rows) / LEVELS);
        int levelStep = 1 << levelPower;
        long levelMask = levelStep - 1;
        float[][] acc = new float[LEVELS][ROWS];
        int i = 0;
        while (i + levelStep <= rows) {
            for (int j = 0; j < levelStep; j++, i++) {
                addRow(acc[0], values, i);
            }
            for (int level = 1; level < LEVELS; level++) {
                for (int k = 0; k < ROWS; k++) {
                    acc[level][k] += acc[level - 1][k];
                    acc[level - 1][k] = 0;
                }
                if ((i & (levelMask << (level * levelPower))) != 0) {
                    break;
                }
            }
        }
        for (; i < rows; i++) {
            addRow(acc[0], values, i);
        }
        for (int level = 1; level < LEVELS; level++) {
            for (int k = 0; k < ROWS; k++) {
                acc[0][k] += acc[level][k];
            }
        }
        float[] partial = acc[0];
        for (int r = rows * ROWS; r < values.length; r++) {
            partial[0] += values[r];
        }
        for (int k = 1; k < ROWS; k++) {
            partial[0] += partial[k];
        }
        return partial[0];
    }

    private static void addRow(float[] acc, float[] values, int row) {
        for (int k = 0; k < ROWS; k++) {
            acc[k] += values[row * ROWS + k];
        }
    }

    /** c10's CeilLog2: 1 for x <= 2. */
    private static int ceilLog2(long x) {
        return x <= 2 ? 1 : 64 - Long.numberOfLeadingZeros(x - 1);
    }
}
