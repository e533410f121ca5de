package io.eaadam.worker.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * BasicSR's MSRResNet (modified SRResNet): conv_first, num_block residual blocks without BN, pixel-shuffle
 * upsampling (two x2 stages for x4, one stage for x2 and x3), conv_hr, conv_last, plus a bilinear
 * upsampling of the input as global skip. Names and state-dict order match BasicSR's
 * {@code srresnet_arch.MSRResNet}.
 */
public final class MsrResNet implements Generator {

    private static final float SLOPE = 0.1f;

    private final int scale;
    private final Layers.Conv convFirst;
    private final Layers.Conv[][] body;
    private final Layers.Conv upconv1;
    private final Layers.Conv upconv2;
    private final Layers.Conv convHr;
    private final Layers.Conv convLast;
    private final Weights weights;
    private final BilinearUpsample skip;

    public MsrResNet(NDManager manager, int scale, int numFeat, int numBlock) {
        this(manager, new Layers(), scale, numFeat, numBlock);
    }

    /** The topology with the convs that {@code layers} declares. */
    public MsrResNet(NDManager manager, Layers layers, int scale, int numFeat, int numBlock) {
        if (scale < 2 || scale > 4) {
            throw new IllegalArgumentException("MSRResNet scale " + scale + ": expected 2, 3 or 4");
        }
        this.scale = scale;
        Init.Pair init = Init.Pair.basicsr(0.1);
        convFirst = layers.conv("conv_first", 3, numFeat, 3, init);
        body = new Layers.Conv[numBlock][];
        for (int i = 0; i < numBlock; i++) {
            body[i] = new Layers.Conv[] {
                layers.conv("body." + i + ".conv1", numFeat, numFeat, 3, init),
                layers.conv("body." + i + ".conv2", numFeat, numFeat, 3, init)
            };
        }
        int firstShuffle = scale == 3 ? 3 : 2;
        upconv1 = layers.conv("upconv1", numFeat, numFeat * firstShuffle * firstShuffle, 3, init);
        upconv2 = scale == 4 ? layers.conv("upconv2", numFeat, numFeat * 4, 3, init) : null;
        convHr = layers.conv("conv_hr", numFeat, numFeat, 3, init);
        convLast = layers.conv("conv_last", numFeat, 3, 3, init);
        weights = layers.build(manager);
        skip = new BilinearUpsample(manager, scale);
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
            NDArray out = Ops.scoped(input, in -> Ops.leakyRelu(convFirst.apply(in), SLOPE));
            for (Layers.Conv[] block : body) {
                out = Ops.scoped(out, in -> in.add(block[1].apply(Ops.relu(block[0].apply(in)))));
            }
            out = Ops.scoped(out, in -> {
                NDArray up = Ops.leakyRelu(Ops.pixelShuffle(upconv1.apply(in), scale == 3 ? 3 : 2), SLOPE);
                if (upconv2 != null) {
                    up = Ops.leakyRelu(Ops.pixelShuffle(upconv2.apply(up), 2), SLOPE);
                }
                return convLast.apply(Ops.leakyRelu(convHr.apply(up), SLOPE));
            });
            return out.add(skip.apply(input));
        });
    }
}
