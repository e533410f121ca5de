package io.eaadam.worker.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * BasicSR's VGGStyleDiscriminator: a 3x3 conv then stages of (3x3 conv + BN, 4x4 stride-2 conv + BN)
 * down to 4x4, then linear1 (to 100) and linear2 (to 1 logit). Channels are num_feat * (1, 2, 4, 8, 8, ...).
 * For input 128 (5 stages) and 256 (6 stages) the layers and names are BasicSR's; smaller powers of two
 * use fewer stages (tests and demos). BatchNorm always runs in training mode, as the authors do.
 */
public final class VggStyleDiscriminator implements Network {

    private static final float SLOPE = 0.2f;

    private final int inputSize;
    private final Layers.Conv2d conv00;
    private final Layers.Conv2d[] convs;
    private final Layers.BatchNorm2d[] norms;
    private final Layers.Linear linear1;
    private final Layers.Linear linear2;
    private final Weights weights;

    public VggStyleDiscriminator(NDManager manager, int numFeat, int inputSize) {
        if (inputSize < 32 || Integer.bitCount(inputSize) != 1) {
            throw new IllegalArgumentException("discriminator input size " + inputSize + ": expected a power of two >= 32");
        }
        this.inputSize = inputSize;
        int stages = Integer.numberOfTrailingZeros(inputSize / 4);
        Init.Pair init = Init.Pair.pytorch();
        Layers layers = new Layers();
        conv00 = layers.conv("conv0_0", 3, numFeat, 3, 1, 1, true, init);
        convs = new Layers.Conv2d[2 * stages - 1];
        norms = new Layers.BatchNorm2d[2 * stages - 1];
        convs[0] = layers.conv("conv0_1", numFeat, numFeat, 4, 2, 1, false, init);
        norms[0] = layers.batchNorm("bn0_1", numFeat);
        int channels = numFeat;
        for (int s = 1; s < stages; s++) {
            int out = numFeat * Math.min(1 << s, 8);
            convs[2 * s - 1] = layers.conv("conv" + s + "_0", channels, out, 3, 1, 1, false, init);
            norms[2 * s - 1] = layers.batchNorm("bn" + s + "_0", out);
            convs[2 * s] = layers.conv("conv" + s + "_1", out, out, 4, 2, 1, false, init);
            norms[2 * s] = layers.batchNorm("bn" + s + "_1", out);
            channels = out;
        }
        linear1 = layers.linear("linear1", channels * 4 * 4, 100);
        linear2 = layers.linear("linear2", 100, 1);
        weights = layers.build(manager);
    }

    @Override
    public Weights weights() {
        return weights;
    }

    /** Logits of shape (B, 1) for HR-sized inputs (B, 3, inputSize, inputSize). */
    public NDArray forward(NDArray x) {
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        if (h != inputSize || w != inputSize) {
            throw new IllegalArgumentException("discriminator input " + h + "x" + w + ": expected "
                    + inputSize + "x" + inputSize);
        }
        return Ops.scoped(x, input -> {
            NDArray feat = Ops.leakyRelu(conv00.apply(input), SLOPE);
            for (int i = 0; i < convs.length; i++) {
                feat = Ops.leakyRelu(norms[i].apply(convs[i].apply(feat), true), SLOPE);
            }
            NDArray flat = feat.reshape(feat.getShape().get(0), -1);
            return linear2.apply(Ops.leakyRelu(linear1.apply(flat), SLOPE));
        });
    }
}
