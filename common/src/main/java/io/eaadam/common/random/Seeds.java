package io.eaadam.common.random;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Derives independent random streams from (run seed, purpose, coordinates such as generation and
 * slot). Every random draw of the system goes through here, in Java, so that a task retried by Spark,
 * a resumed run and a rerun draw the same numbers; libtorch's global generator is never used because
 * concurrent tasks would interleave its draws.
 */
public final class Seeds {

    private Seeds() {}

    /** A seed for {@code purpose} at the given coordinates, well mixed (SplitMix64 finaliser). */
    public static long derive(long runSeed, String purpose, long... coordinates) {
        long h = mix(runSeed ^ 0x9E3779B97F4A7C15L);
        for (byte b : purpose.getBytes(StandardCharsets.UTF_8)) {
            h = mix(h ^ (b & 0xFF));
        }
        h = mix(h ^ coordinates.length);
        for (long c : coordinates) {
            h = mix(h ^ c);
        }
        return h;
    }

    /** A generator for {@code purpose} at the given coordinates. */
    public static SplittableRandom random(long runSeed, String purpose, long... coordinates) {
        return new SplittableRandom(derive(runSeed, purpose, coordinates));
    }

    private static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * A standard normal draw (Box-Muller on two uniforms). StrictMath, because Math's intrinsics may
     * differ by an ulp between the interpreter, the JIT and CPUs, and executors must agree bit for bit.
     */
    public static double gaussian(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble(); // (0, 1]: log is finite
        double u2 = random.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * Math.PI * u2);
    }
}
