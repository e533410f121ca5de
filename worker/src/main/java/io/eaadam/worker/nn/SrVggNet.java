package io.eaadam.worker.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Real-ESRGAN's SRVGGNetCompact with PReLU activations (realesr-general-x4v3, realesr-animevideov3): a
 * conv, num_conv more convs, each followed by a per-channel PReLU, a last conv to 3 * scale^2 channels,
 * pixel shuffle, plus the nearest-upsampled input. Names and state-dict order match Real-ESRGAN's
 * {@code srvgg_arch.SRVGGNetCompact} ({@code body.N}, convs at even N, PReLUs at odd N).
 */
public final class SrVggNet implements Generator {

    private final int scale;
    private final Layers.Conv[] convs;
    private final Layers.Layer[] activations;
    private final Layers.Conv convLast;
    private final Weights weights;

    /** The topology with the convs that {@code layers} declares; Real-ESRGAN keeps PyTorch's default init. */
    public SrVggNet(NDManager manager, Layers layers, int scale, int numFeat, int numConv) {
        this.scale = scale;
        Init.Pair init = Init.Pair.pytorch();
        convs = new Layers.Conv[numConv + 1];
        activations = new Layers.Layer[numConv + 1];
        for (int i = 0; i <= numConv; i++) {
            convs[i] = layers.conv("body." + 2 * i, i == 0 ? 3 : numFeat, numFeat, 3, init);
            activations[i] = layers.prelu("body." + (2 * i + 1), numFeat);
        }
        convLast = layers.conv("body." + 2 * (numConv + 1), numFeat, 3 * scale * scale, 3, init);
        weights = layers.build(manager);
    }

    @Override
    public int scale() {
        return scale;
    }

    @Override
    public Weights weights() {
        return weights;
    }

    @Override
    public NDArray forward(NDArray x) {
        return Ops.scoped(x, input -> {
            NDArray out = input;
            for (int i = 0; i < convs.length; i++) {
                int layer = i;
                // One scope per conv and its PReLU: the fusion network's PReLU reads the conv's mixing vectors.
                out = Ops.scoped(out, in -> activations[layer].apply(convs[layer].apply(in)));
            }
            NDArray residual = Ops.scoped(out, in -> Ops.pixelShuffle(convLast.apply(in), scale));
            return residual.add(Ops.nearestUpsample(input, scale));
        });
    }
}
