package io.eaadam.worker.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * BasicSR's RRDBNet (ESRGAN's and Real-ESRGAN's generator): conv_first, num_block residual-in-residual dense
 * blocks (3 dense blocks of 5 convs each), conv_body, two nearest-x2 + conv stages, conv_hr, conv_last.
 * At scales 2 and 1 the input is first pixel-unshuffled (2x2 or 4x4 blocks into channels), so the same x4
 * body gives x2 or x1 (Real-ESRGAN's RealESRGAN_x2plus). Names and state-dict order match BasicSR's
 * {@code rrdbnet_arch.RRDBNet}.
 */
public final class RrdbNet implements Generator {

    private static final float SLOPE = 0.2f;
    private static final float RESIDUAL_SCALE = 0.2f;

    private final int scale;
    private final Layers.Conv convFirst;
    private final Layers.Conv[][][] body; // [block][rdb][conv]
    private final Layers.Conv convBody;
    private final Layers.Conv convUp1;
    private final Layers.Conv convUp2;
    private final Layers.Conv convHr;
    private final Layers.Conv convLast;
    private final Weights weights;

    public RrdbNet(NDManager manager, int numFeat, int numBlock, int numGrowCh) {
        this(manager, new Layers(), 4, numFeat, numBlock, numGrowCh);
    }

    /** The topology with the convs that {@code layers} declares. */
    public RrdbNet(NDManager manager, Layers layers, int scale, int numFeat, int numBlock, int numGrowCh) {
        if (scale != 1 && scale != 2 && scale != 4) {
            throw new IllegalArgumentException("RRDBNet scale " + scale + ": expected 1, 2 or 4");
        }
        this.scale = scale;
        // BasicSR initialises the dense blocks with default_init_weights(0.1) and leaves PyTorch's
        // defaults on the other convs.
        Init.Pair dense = Init.Pair.basicsr(0.1);
        Init.Pair plain = Init.Pair.pytorch();
        int unshuffle = 4 / scale;
        convFirst = layers.conv("conv_first", 3 * unshuffle * unshuffle, numFeat, 3, plain);
        body = new Layers.Conv[numBlock][3][5];
        for (int b = 0; b < numBlock; b++) {
            for (int r = 0; r < 3; r++) {
                String prefix = "body." + b + ".rdb" + (r + 1) + ".conv";
                for (int c = 0; c < 5; c++) {
                    int out = c == 4 ? numFeat : numGrowCh;
                    body[b][r][c] = layers.conv(prefix + (c + 1), numFeat + c * numGrowCh, out, 3, dense);
                }
            }
        }
        convBody = layers.conv("conv_body", numFeat, numFeat, 3, plain);
        convUp1 = layers.conv("conv_up1", numFeat, numFeat, 3, plain);
        convUp2 = layers.conv("conv_up2", numFeat, numFeat, 3, plain);
        convHr = layers.conv("conv_hr", numFeat, numFeat, 3, plain);
        convLast = layers.conv("conv_last", numFeat, 3, 3, plain);
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

    /**
     * At x2 and x1, an input whose sides are not multiples of the unshuffle factor is reflect-padded to
     * them and the output cropped back, as Real-ESRGAN's RealESRGANer does; so any size goes in.
     */
    @Override
    public NDArray forward(NDArray x) {
        if (scale == 4) {
            return body(x);
        }
        int factor = 4 / scale;
        return Ops.paddedToMultiple(x, factor, scale, Ops::reflectPadEnd,
                padded -> body(Ops.scoped(padded, in -> Ops.pixelUnshuffle(in, factor))));
    }

    /** The network from conv_first on. */
    private NDArray body(NDArray x) {
        return Ops.scoped(x, input -> {
            NDArray feat = convFirst.apply(input);
            NDArray out = feat;
            for (Layers.Conv[][] rrdb : body) {
                out = Ops.scoped(out, blockIn -> {
                    NDArray y = blockIn;
                    for (Layers.Conv[] rdb : rrdb) {
                        y = Ops.scoped(y, in -> denseBlock(rdb, in));
                    }
                    return Ops.mul(y, RESIDUAL_SCALE).add(blockIn);
                });
            }
            NDArray trunk = Ops.scoped(out, in -> feat.add(convBody.apply(in)));
            return Ops.scoped(trunk, in -> {
                NDArray up = Ops.leakyRelu(convUp1.apply(Ops.nearestUpsample(in, 2)), SLOPE);
                up = Ops.leakyRelu(convUp2.apply(Ops.nearestUpsample(up, 2)), SLOPE);
                return convLast.apply(Ops.leakyRelu(convHr.apply(up), SLOPE));
            });
        });
    }

    /** One residual dense block: 5 convs over the concatenation of the input and all earlier outputs. */
    private static NDArray denseBlock(Layers.Conv[] convs, NDArray x) {
        NDList features = new NDList(x);
        for (int c = 0; c < 4; c++) {
            NDArray input = c == 0 ? x : NDArrays.concat(features, 1);
            features.add(Ops.leakyRelu(convs[c].apply(input), SLOPE));
        }
        NDArray x5 = convs[4].apply(NDArrays.concat(features, 1));
        return Ops.mul(x5, RESIDUAL_SCALE).add(x);
    }
}
