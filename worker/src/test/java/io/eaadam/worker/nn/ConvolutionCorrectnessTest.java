package io.eaadam.worker.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import io.eaadam.worker.runtime.GradMode;
import io.eaadam.worker.runtime.TorchRuntime;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * libtorch's float32 convolution, forward and both gradients, against the same computation in float64,
 * for the shapes our networks use, for odd channel counts and for grouped convs (the fusion network's). On an
 * AMD EPYC with AVX-512 libtorch 2.7.1's oneDNN AVX2/AVX-512 kernels got these wrong (NaN for MSRResNet's
 * conv_last gradient); CpuKernels limits oneDNN to AVX on such CPUs, and this test keeps it honest on
 * whatever CPU CI has (tools/cpu-kernels/check.sh runs the same shapes at every level).
 */
class ConvolutionCorrectnessTest {

    @ParameterizedTest(name = "k{0} {1}->{2} groups {3}")
    @CsvSource({"3,3,64,1", "3,64,64,1", "3,64,256,1", "3,64,3,1", "4,64,64,1", "3,64,128,1", "4,128,128,1",
        "3,96,32,1", "3,192,64,1", "3,8,8,1", "3,3,8,1", "3,20,8,1", "3,24,4,1", "3,100,20,1", "4,100,20,1",
        "5,64,100,1", "3,12,32,4", "3,40,16,4", "3,80,12,4", "5,128,64,2"})
    void float32MatchesFloat64(int kernel, int in, int out, int groups) {
        int stride = kernel == 4 ? 2 : 1;
        int padding = kernel == 4 ? 1 : kernel / 2;
        try (NDManager manager = NDManager.newBaseManager(TorchRuntime.ENGINE)) {
            NDArray x = manager.randomNormal(new Shape(4, in, 16, 16));
            NDArray w = manager.randomNormal(new Shape(out, in / groups, kernel, kernel));
            NDArray r = manager.randomNormal(new Shape(4, out, 16 / stride, 16 / stride));
            float[] single = outputAndGradients(x, w, r, DataType.FLOAT32, stride, padding, groups);
            float[] reference = outputAndGradients(x, w, r, DataType.FLOAT64, stride, padding, groups);
            double worst = 0;
            double scale = 0;
            for (int i = 0; i < single.length; i++) {
                worst = Math.max(worst, Math.abs(single[i] - reference[i]));
                scale = Math.max(scale, Math.abs(reference[i]));
            }
            assertTrue(worst <= 1e-5 * scale, "max |float32 - float64| = " + worst + " of " + scale);
        }
    }

    private static float[] outputAndGradients(NDArray x0, NDArray w0, NDArray r0, DataType type, int stride,
            int padding, int groups) {
        try (NDManager scope = x0.getManager().newSubManager();
                GradMode ignored = GradMode.enabled()) {
            NDArray x = x0.toType(type, true);
            NDArray w = w0.toType(type, true);
            NDArray r = r0.toType(type, true);
            for (NDArray a : new NDArray[] {x, w, r}) {
                a.attach(scope);
            }
            x.setRequiresGradient(true);
            w.setRequiresGradient(true);
            NDArray y = Ops.conv2d(x, w, null, stride, padding, groups);
            GradMode.backward(y.mul(r).sum(), false);
            float[] out = y.toType(DataType.FLOAT32, true).toFloatArray();
            float[] gx = x.getGradient().toType(DataType.FLOAT32, true).toFloatArray();
            float[] gw = w.getGradient().toType(DataType.FLOAT32, true).toFloatArray();
            float[] all = new float[out.length + gx.length + gw.length];
            System.arraycopy(out, 0, all, 0, out.length);
            System.arraycopy(gx, 0, all, out.length, gx.length);
            System.arraycopy(gw, 0, all, out.length + gx.length, gw.length);
            return all;
        }
    }
}
