package io.eaadam.worker.nn;

import io.eaadam.common.genome.TensorSpec;
import io.eaadam.common.random.Seeds;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * How a tensor starts: drawn in Java from a seeded stream (libtorch's generator is global and
 * concurrent tasks would interleave its draws), following BasicSR's and PyTorch's defaults.
 */
@FunctionalInterface
public interface Init {

    /**
     * @param spec the tensor
     * @param fanIn the fan-in of the layer it belongs to (in_channels x kernel area, or in_features)
     */
    float[] values(TensorSpec spec, int fanIn, SplittableRandom random);

    /** All elements equal to {@code value}. */
    static Init constant(float value) {
        return (spec, fanIn, random) -> {
            float[] v = new float[spec.numel()];
            Arrays.fill(v, value);
            return v;
        };
    }

    /** Kaiming-normal on fan-in with the ReLU gain, times {@code scale} (BasicSR's default_init_weights). */
    static Init kaimingNormal(double scale) {
        return (spec, fanIn, random) -> normal(spec, random, scale * Math.sqrt(2.0 / fanIn));
    }

    /** Kaiming-normal on fan-out (torchvision's VGG). */
    static Init kaimingNormalFanOut() {
        return (spec, fanIn, random) -> normal(spec, random, Math.sqrt(2.0 / (spec.numel() / spec.shape()[1])));
    }

    /** PyTorch's default for conv and linear weights and biases: U(-1/sqrt(fan_in), 1/sqrt(fan_in)). */
    static Init pytorchDefault() {
        return (spec, fanIn, random) -> {
            double bound = 1.0 / Math.sqrt(fanIn);
            float[] v = new float[spec.numel()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
            }
            return v;
        };
    }

    /** timm's {@code trunc_normal_(std)}: N(0, std^2) redrawn outside [-2, 2] (SwinIR's linears and bias tables). */
    static Init truncatedNormal(double std) {
        return (spec, fanIn, random) -> {
            float[] v = new float[spec.numel()];
            for (int i = 0; i < v.length; i++) {
                double value;
                do {
                    value = Seeds.gaussian(random) * std;
                } while (value < -2 || value > 2);
                v[i] = (float) value;
            }
            return v;
        };
    }

    private static float[] normal(TensorSpec spec, SplittableRandom random, double std) {
        float[] v = new float[spec.numel()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (Seeds.gaussian(random) * std);
        }
        return v;
    }

    /** A weight initialiser with its bias initialiser. */
    record Pair(Init weight, Init bias) {

        /** BasicSR's {@code default_init_weights(scale)}: kaiming-normal x scale, zero bias. */
        public static Pair basicsr(double scale) {
            return new Pair(kaimingNormal(scale), constant(0f));
        }

        /** PyTorch's defaults for conv and linear layers. */
        public static Pair pytorch() {
            return new Pair(pytorchDefault(), pytorchDefault());
        }

        /** SwinIR's linears: truncated normal with std 0.02, zero bias. */
        public static Pair swin() {
            return new Pair(truncatedNormal(0.02), constant(0f));
        }

        /** torchvision VGG: kaiming-normal on fan-out, zero bias. */
        public static Pair vgg() {
            return new Pair(kaimingNormalFanOut(), constant(0f));
        }
    }
}
