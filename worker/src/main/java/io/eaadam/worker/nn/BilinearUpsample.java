package io.eaadam.worker.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.HashMap;
import java.util.Map;

/**
 * PyTorch's {@code F.interpolate(x, scale_factor=f, mode='bilinear', align_corners=False)} as two matrix
 * products, one per axis. DJL's interpolation ignores align_corners and antialiases, so it cannot
 * reproduce MSRResNet's skip; the interpolation matrices are built here (half-pixel centres, source
 * index clamped at 0, the upper neighbour clamped at the edge) and cached per input size.
 */
final class BilinearUpsample {

    private final int factor;
    private final NDManager manager;
    private final Map<Long, NDArray> transposedMatrices = new HashMap<>();

    BilinearUpsample(NDManager manager, int factor) {
        this.manager = manager;
        this.factor = factor;
    }

    NDArray apply(NDArray x) {
        Shape s = x.getShape();
        NDArray alongWidth = matrix(s.get(3));
        NDArray alongHeight = matrix(s.get(2));
        // (B,C,H,W) @ (W,fW) -> (B,C,H,fW); swap to (B,C,fW,H) @ (H,fH) -> (B,C,fW,fH); swap back.
        try (NDArray wide = x.matMul(alongWidth);
                NDArray swapped = wide.swapAxes(2, 3);
                NDArray tall = swapped.matMul(alongHeight)) {
            return tall.swapAxes(2, 3);
        }
    }

    /** The (in, factor*in) matrix M with out = in @ M along one axis. */
    private synchronized NDArray matrix(long in) {
        return transposedMatrices.computeIfAbsent(in, size -> {
            int n = Math.toIntExact(size);
            int outSize = n * factor;
            float[] m = new float[n * outSize];
            for (int o = 0; o < outSize; o++) {
                double source = Math.max((o + 0.5) / factor - 0.5, 0.0);
                int x0 = (int) source;
                int x1 = Math.min(x0 + 1, n - 1);
                float lambda1 = (float) (source - x0);
                m[x0 * outSize + o] += 1f - lambda1;
                m[x1 * outSize + o] += lambda1;
            }
            return manager.create(m, new Shape(n, outSize));
        });
    }
}
