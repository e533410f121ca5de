package io.eaadam.worker.ea;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.eaadam.common.mo.ImageMean;
import io.eaadam.worker.runtime.TorchRuntime;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * {@link ImageMean} gives the bits of libtorch's CPU {@code mean(0)} over an (images, 2) float32 tensor, the
 * reduction the EA's objectives used before they were averaged in Java: for every image count up to 300 and
 * past the cascade's level boundaries, on values of three magnitudes.
 */
class ImageMeanParityTest {

    @Test
    void equalsLibtorchsCpuMeanBitForBit() {
        SplittableRandom random = new SplittableRandom(7);
        int[] counts = IntStream.concat(IntStream.rangeClosed(1, 300),
                IntStream.of(511, 800, 1023, 1024, 1025, 4099, 16383)).toArray();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), TorchRuntime.ENGINE)) {
            for (int n : counts) {
                for (float scale : new float[] {1e-3f, 1f, 30f}) {
                    float[] rows = new float[2 * n];
                    for (int i = 0; i < rows.length; i++) {
                        rows[i] = (float) random.nextDouble() * scale;
                    }
                    float[] expected;
                    try (NDArray stacked = manager.create(rows, new Shape(n, 2))) {
                        expected = stacked.mean(new int[] {0}).toFloatArray();
                    }
                    for (int column = 0; column < 2; column++) {
                        float[] values = new float[n];
                        for (int i = 0; i < n; i++) {
                            values[i] = rows[2 * i + column];
                        }
                        assertEquals(Float.floatToIntBits(expected[column]), Float.floatToIntBits(ImageMean.of(values)),
                                n + " images, scale " + scale + ", column " + column);
                    }
                }
            }
        }
    }
}
