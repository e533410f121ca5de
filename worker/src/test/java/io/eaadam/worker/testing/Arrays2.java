package io.eaadam.worker.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Float array comparisons with a report of where the worst difference is. */
public final class Arrays2 {

    private Arrays2() {}

    public static double maxAbsDiff(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, "length");
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs((double) expected[i] - actual[i]));
        }
        return worst;
    }

    public static double maxAbs(float[] values) {
        double worst = 0;
        for (float v : values) {
            worst = Math.max(worst, Math.abs(v));
        }
        return worst;
    }

    /** Asserts |expected - actual| <= tolerance * max(1, max|expected|) everywhere. */
    public static void assertClose(float[] expected, float[] actual, double tolerance, String what) {
        double scale = Math.max(1.0, maxAbs(expected));
        double diff = maxAbsDiff(expected, actual);
        if (diff > tolerance * scale) {
            throw new AssertionError(what + ": max |diff| " + diff + " exceeds " + tolerance * scale);
        }
    }
}
