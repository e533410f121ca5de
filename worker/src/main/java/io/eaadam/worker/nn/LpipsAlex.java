package io.eaadam.worker.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;

/**
 * LPIPS v0.1 with AlexNet ({@code lpips.LPIPS(net='alex')}, method 6.4): the five ReLU outputs of
 * AlexNet's features on inputs scaled to [-1, 1] and shifted by the scaling layer, each unit-normalised
 * over channels, their squared differences weighted by the learned 1x1 {@code lin} layers, averaged over
 * space and summed over layers. State-dict names are the lpips package's ({@code net.slice1.0.weight},
 * {@code lin0.model.1.weight}, ...), so its full state dict, converted to safetensors, loads as it is.
 */
public final class LpipsAlex implements Network {

    private static final int[][] CONVS = {
        // torch index, out, in, kernel, stride, padding
        {0, 64, 3, 11, 4, 2}, {3, 192, 64, 5, 1, 2}, {6, 384, 192, 3, 1, 1}, {8, 256, 384, 3, 1, 1}, {10, 256, 256, 3, 1, 1}
    };
    private static final float[] SHIFT = {-.030f, -.088f, -.188f};
    private static final float[] SCALE = {.458f, .448f, .450f};

    private final Layers.Conv2d[] features = new Layers.Conv2d[CONVS.length];
    private final Layers.Conv2d[] lins = new Layers.Conv2d[CONVS.length];
    private final Weights weights;
    private final NDArray shift;
    private final NDArray scale;

    public LpipsAlex(NDManager manager) {
        Layers layers = new Layers();
        for (int i = 0; i < CONVS.length; i++) {
            int[] c = CONVS[i];
            features[i] = layers.conv("net.slice" + (i + 1) + "." + c[0], c[2], c[1], c[3], c[4], c[5], true,
                    Init.Pair.pytorch());
        }
        for (int i = 0; i < CONVS.length; i++) {
            lins[i] = layers.conv("lin" + i + ".model.1", CONVS[i][1], 1, 1, 1, 0, false, Init.Pair.pytorch());
        }
        weights = layers.build(manager);
        shift = manager.create(SHIFT, new Shape(1, 3, 1, 1));
        scale = manager.create(SCALE, new Shape(1, 3, 1, 1));
    }

    @Override
    public Weights weights() {
        return weights;
    }

    /** The distance per sample, (B), of RGB batches in [0, 1] of the same shape. */
    public NDArray distance(NDArray x0, NDArray x1) {
        return Ops.scoped(x0, a -> {
            NDArray[] taps0 = taps(a);
            NDArray[] taps1 = taps(x1);
            NDArray total = null;
            for (int i = 0; i < taps0.length; i++) {
                NDArray difference = unitNormalised(taps0[i]).sub(unitNormalised(taps1[i])).square();
                Shape s = difference.getShape();
                NDArray layer = lins[i].apply(difference).reshape(s.get(0), -1).mean(new int[] {1});
                total = total == null ? layer : total.add(layer);
            }
            return total;
        });
    }

    private NDArray[] taps(NDArray rgb) {
        NDArray h = Ops.mul(rgb, 2).sub(1).sub(shift).div(scale);
        NDArray[] taps = new NDArray[features.length];
        for (int i = 0; i < features.length; i++) {
            if (i == 1 || i == 2) {
                h = Pool.maxPool2d(h, new Shape(3, 3), new Shape(2, 2), new Shape(0, 0), false);
            }
            h = Ops.relu(features[i].apply(h));
            taps[i] = h;
        }
        return taps;
    }

    /** x / (sqrt(sum over channels of x^2) + 1e-10), as lpips' normalize_tensor. */
    private static NDArray unitNormalised(NDArray x) {
        return x.div(x.square().sum(new int[] {1}, true).sqrt().add(1e-10f));
    }

    @Override
    public void close() {
        Network.super.close();
        shift.close();
        scale.close();
    }
}
