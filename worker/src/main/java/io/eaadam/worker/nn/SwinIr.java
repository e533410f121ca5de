package io.eaadam.worker.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.eaadam.common.config.SwinSettings;

import java.util.HashMap;
import java.util.Map;

/**
 * BasicSR's SwinIR: conv_first; residual Swin transformer blocks (RSTB), each a stack of Swin layers (window
 * attention with a relative position bias, every second layer on windows shifted by half a window, then an
 * MLP) closed by a conv and a skip; a LayerNorm and conv_after_body; then the upsampler's tail. The input is
 * mean-subtracted (DIV2K's RGB mean) and scaled by img_range, and mirror-padded to a multiple of the window as
 * SwinIR's test script does, the output cropped back; so any size goes in, tiles included. Names and state-dict
 * order match BasicSR's {@code swinir_arch.SwinIR}, without its derived buffers (each attention's
 * relative_position_index and the shifted layers' attn_mask), which are computed here for the input's size.
 *
 * <p>Tokens are kept as (B, H, W, C) between layers, BasicSR's (B, H*W, C) with its sides; each window
 * attention sees (B, windows * N, C), so that every linear layer has the sample axis first.
 */
public final class SwinIr implements Generator {

    private static final float[] RGB_MEAN = {0.4488f, 0.4371f, 0.4040f};
    /** BasicSR's value for query-key pairs from different regions of a shifted window. */
    private static final float MASKED = -100f;
    private static final float CONV_SLOPE = 0.2f;
    /** {@code nn.LeakyReLU()}'s default, in conv_before_upsample. */
    private static final float TAIL_SLOPE = 0.01f;

    private final int scale;
    private final SwinSettings swin;
    private final int window;
    private final int shift;
    private final Layers.Conv convFirst;
    private final Layers.Layer patchNorm;
    private final ResidualGroup[] groups;
    private final Layers.Layer norm;
    private final Layers.Layer convAfterBody;
    private final Tail tail;
    private final Weights weights;

    /** The topology with the layers that {@code layers} declares. */
    public SwinIr(NDManager manager, Layers layers, int scale, int numFeat, SwinSettings swin) {
        String problem = swin.problem(scale);
        if (problem != null) {
            throw new IllegalArgumentException("SwinIR: " + problem);
        }
        this.scale = scale;
        this.swin = swin;
        this.window = swin.effectiveWindow();
        this.shift = swin.shifts() ? window / 2 : 0;
        int dim = swin.embedDim();
        Init.Pair conv = Init.Pair.pytorch();
        convFirst = layers.conv("conv_first", 3, dim, 3, conv);
        patchNorm = layers.layerNorm("patch_embed.norm", dim);
        groups = new ResidualGroup[swin.depths().size()];
        for (int i = 0; i < groups.length; i++) {
            groups[i] = new ResidualGroup(layers, "layers." + i, swin.depths().get(i), swin.numHeads().get(i));
        }
        norm = layers.layerNorm("norm", dim);
        convAfterBody = residualConv(layers, "conv_after_body");
        tail = switch (swin.upsampler()) {
            case PIXELSHUFFLE -> pixelShuffleTail(layers, numFeat);
            case PIXELSHUFFLEDIRECT -> {
                Layers.Conv up = layers.conv("upsample.0", dim, 3 * scale * scale, 3, conv);
                yield (features, input) -> Ops.pixelShuffle(up.apply(features), scale);
            }
            case NEAREST_CONV -> nearestConvTail(layers, numFeat);
            case NONE -> {
                Layers.Conv last = layers.conv("conv_last", dim, 3, 3, conv);
                yield (features, input) -> input.add(last.apply(features));
            }
        };
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
        return Ops.paddedToMultiple(x, window, scale, Ops::mirrorPadEnd, this::body);
    }

    /** The network on an input whose sides are multiples of the window. */
    private NDArray body(NDArray x) {
        return Ops.scoped(x, input -> {
            NDManager scope = input.getManager();
            NDArray mean = scope.create(RGB_MEAN, new Shape(1, 3, 1, 1));
            NDArray centred = scaled(input.sub(mean), swin.imgRange());
            Shape s = centred.getShape();
            Windows windows = new Windows(scope, (int) s.get(2), (int) s.get(3));
            NDArray first = convFirst.apply(centred);
            NDArray features = Ops.scoped(first, in -> {
                NDArray tokens = patchNorm.apply(in.transpose(0, 2, 3, 1));
                for (ResidualGroup group : groups) {
                    tokens = group.apply(tokens, windows);
                }
                return convAfterBody.apply(norm.apply(tokens).transpose(0, 3, 1, 2)).add(in);
            });
            NDArray out = Ops.scoped(features, in -> tail.apply(in, centred));
            return scaled(out, 1 / swin.imgRange()).add(mean);
        });
    }

    private static NDArray scaled(NDArray x, double factor) {
        return factor == 1 ? x : Ops.mul(x, factor);
    }

    /** The conv closing a residual group and the body: one 3x3, or 3x3 to a quarter, 1x1, 3x3 back. */
    private Layers.Layer residualConv(Layers layers, String name) {
        int dim = swin.embedDim();
        Init.Pair init = Init.Pair.pytorch();
        if (swin.resiConnection() == SwinSettings.ResiConnection.ONE_CONV) {
            return layers.conv(name, dim, dim, 3, init);
        }
        Layers.Conv narrow = layers.conv(name + ".0", dim, dim / 4, 3, init);
        Layers.Conv mix = layers.conv(name + ".2", dim / 4, dim / 4, 1, init);
        Layers.Conv widen = layers.conv(name + ".4", dim / 4, dim, 3, init);
        return x -> widen.apply(Ops.leakyRelu(mix.apply(Ops.leakyRelu(narrow.apply(x), CONV_SLOPE)), CONV_SLOPE));
    }

    /** Classical SR: conv and leaky ReLU, conv + pixel shuffle by 2 per factor of 2 (or one by 3), conv. */
    private Tail pixelShuffleTail(Layers layers, int numFeat) {
        Init.Pair init = Init.Pair.pytorch();
        Layers.Conv before = layers.conv("conv_before_upsample.0", swin.embedDim(), numFeat, 3, init);
        int factor = scale == 3 ? 3 : 2;
        int stages = scale == 3 ? 1 : Integer.numberOfTrailingZeros(scale);
        Layers.Conv[] ups = new Layers.Conv[stages];
        for (int i = 0; i < stages; i++) {
            ups[i] = layers.conv("upsample." + 2 * i, numFeat, factor * factor * numFeat, 3, init);
        }
        Layers.Conv last = layers.conv("conv_last", numFeat, 3, 3, init);
        return (features, input) -> {
            NDArray y = Ops.leakyRelu(before.apply(features), TAIL_SLOPE);
            for (Layers.Conv up : ups) {
                y = Ops.pixelShuffle(up.apply(y), factor);
            }
            return last.apply(y);
        };
    }

    /** Real-world SR (x4): conv and leaky ReLU, then two nearest x2 each with a conv, conv_hr, conv_last. */
    private Tail nearestConvTail(Layers layers, int numFeat) {
        Init.Pair init = Init.Pair.pytorch();
        Layers.Conv before = layers.conv("conv_before_upsample.0", swin.embedDim(), numFeat, 3, init);
        Layers.Conv up1 = layers.conv("conv_up1", numFeat, numFeat, 3, init);
        Layers.Conv up2 = layers.conv("conv_up2", numFeat, numFeat, 3, init);
        Layers.Conv hr = layers.conv("conv_hr", numFeat, numFeat, 3, init);
        Layers.Conv last = layers.conv("conv_last", numFeat, 3, 3, init);
        return (features, input) -> {
            NDArray y = Ops.leakyRelu(before.apply(features), TAIL_SLOPE);
            y = Ops.leakyRelu(up1.apply(Ops.nearestUpsample(y, 2)), CONV_SLOPE);
            y = Ops.leakyRelu(up2.apply(Ops.nearestUpsample(y, 2)), CONV_SLOPE);
            return last.apply(Ops.leakyRelu(hr.apply(y), CONV_SLOPE));
        };
    }

    /** The reconstruction from the deep features and the (centred) input. */
    private interface Tail {
        NDArray apply(NDArray features, NDArray input);
    }

    /** One RSTB: its Swin layers, then its conv on the image-shaped tokens, plus the group's input. */
    private final class ResidualGroup {
        private final SwinLayer[] blocks;
        private final Layers.Layer conv;

        ResidualGroup(Layers layers, String name, int depth, int heads) {
            blocks = new SwinLayer[depth];
            for (int j = 0; j < depth; j++) {
                blocks[j] = new SwinLayer(layers, name + ".residual_group.blocks." + j, heads, j % 2 == 1);
            }
            conv = residualConv(layers, name + ".conv");
        }

        NDArray apply(NDArray tokens, Windows windows) {
            NDArray y = tokens;
            for (SwinLayer block : blocks) {
                y = Ops.scoped(y, in -> block.apply(in, windows));
            }
            return Ops.scoped(y, in -> conv.apply(in.transpose(0, 3, 1, 2)).transpose(0, 2, 3, 1).add(tokens));
        }
    }

    /** A Swin transformer layer: x + attention(norm1(x)) on (shifted) windows, then + mlp(norm2(x)). */
    private final class SwinLayer {
        private final Layers.Layer norm1;
        private final Layers.PositionBias bias;
        private final Layers.Layer qkv;
        private final Layers.Layer proj;
        private final Layers.Layer norm2;
        private final Layers.Layer fc1;
        private final Layers.Layer fc2;
        private final int heads;
        private final boolean shifted;

        SwinLayer(Layers layers, String name, int heads, boolean shifted) {
            int dim = swin.embedDim();
            Init.Pair init = Init.Pair.swin();
            this.heads = heads;
            this.shifted = shifted && shift > 0;
            norm1 = layers.layerNorm(name + ".norm1", dim);
            bias = layers.positionBias(name + ".attn", window, heads);
            qkv = layers.linear(name + ".attn.qkv", dim, 3 * dim, init);
            proj = layers.linear(name + ".attn.proj", dim, dim, init);
            norm2 = layers.layerNorm(name + ".norm2", dim);
            fc1 = layers.linear(name + ".mlp.fc1", dim, swin.mlpHidden(), init);
            fc2 = layers.linear(name + ".mlp.fc2", swin.mlpHidden(), dim, init);
        }

        NDArray apply(NDArray x, Windows windows) {
            NDArray normed = norm1.apply(x);
            NDArray shiftedIn = shifted ? Ops.roll(Ops.roll(normed, -shift, 1), -shift, 2) : normed;
            NDArray attended = windows.merge(attention(windows.partition(shiftedIn), windows));
            NDArray back = shifted ? Ops.roll(Ops.roll(attended, shift, 1), shift, 2) : attended;
            NDArray y = x.add(back);
            return y.add(fc2.apply(Ops.gelu(fc1.apply(norm2.apply(y)))));
        }

        /** Multi-head self-attention within each window: tokens (B, windows * N, C) to the same shape. */
        private NDArray attention(NDArray tokens, Windows windows) {
            Shape s = tokens.getShape();
            long batch = s.get(0);
            long dim = s.get(2);
            long n = (long) window * window;
            long count = windows.count();
            NDArray qkvs = qkv.apply(tokens).reshape(batch, count, n, 3, heads, dim / heads)
                    .transpose(3, 0, 1, 4, 2, 5);
            NDArray q = Ops.mul(qkvs.get(0), Math.pow(dim / heads, -0.5));
            NDArray logits = bias.addTo(q.matMul(qkvs.get(1).transpose(0, 1, 2, 4, 3)), windows.biasIndex(heads));
            if (shifted) {
                logits = logits.add(windows.mask());
            }
            NDArray out = logits.softmax(-1).matMul(qkvs.get(2)).transpose(0, 1, 3, 2, 4).reshape(batch, count * n, dim);
            return proj.apply(out);
        }
    }

    /**
     * The windows of one padded input size: partition and merge of (B, H, W, C) tokens, the shifted layers'
     * mask and the position bias index, each computed once per forward pass.
     */
    private final class Windows {
        private final NDManager scope;
        private final int height;
        private final int width;
        private NDArray mask;
        /** By number of heads: groups with as many heads share one index. */
        private final Map<Integer, NDArray> biasIndices = new HashMap<>();

        Windows(NDManager scope, int height, int width) {
            this.scope = scope;
            this.height = height;
            this.width = width;
        }

        long count() {
            return (long) (height / window) * (width / window);
        }

        /** (B, H, W, C) to (B, windows * N, C), windows in row-major order, tokens row-major in each. */
        NDArray partition(NDArray x) {
            long b = x.getShape().get(0);
            long c = x.getShape().get(3);
            return x.reshape(b, height / window, window, width / window, window, c).transpose(0, 1, 3, 2, 4, 5)
                    .reshape(b, count() * window * window, c);
        }

        /** The inverse of {@link #partition}. */
        NDArray merge(NDArray windows) {
            long b = windows.getShape().get(0);
            long c = windows.getShape().get(2);
            return windows.reshape(b, height / window, width / window, window, window, c).transpose(0, 1, 3, 2, 4, 5)
                    .reshape(b, height, width, c);
        }

        /**
         * (1, windows, 1, N, N): 0 where query and key lie in the same region of the rolled image, -100 elsewhere
         * (BasicSR's calculate_mask: regions split at side - window and side - shift).
         */
        NDArray mask() {
            if (mask == null) {
                int n = window * window;
                int[] region = new int[height * width];
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        region[y * width + x] = 3 * band(y, height) + band(x, width);
                    }
                }
                float[] values = new float[(int) count() * n * n];
                int w = 0;
                for (int wy = 0; wy < height; wy += window) {
                    for (int wx = 0; wx < width; wx += window, w++) {
                        for (int i = 0; i < n; i++) {
                            int ri = region[(wy + i / window) * width + wx + i % window];
                            for (int j = 0; j < n; j++) {
                                int rj = region[(wy + j / window) * width + wx + j % window];
                                values[(w * n + i) * n + j] = ri == rj ? 0f : MASKED;
                            }
                        }
                    }
                }
                mask = scope.create(values, new Shape(1, count(), 1, n, n));
            }
            return mask;
        }

        private int band(int position, int side) {
            return position < side - window ? 0 : position < side - shift ? 1 : 2;
        }

        /**
         * For each head h and query-key pair (i, j) of a window, the flat position in a (2w - 1)^2 x heads table of
         * their offset: ((dy + w - 1) * (2w - 1) + dx + w - 1) * heads + h.
         */
        NDArray biasIndex(int heads) {
            return biasIndices.computeIfAbsent(heads, this::newBiasIndex);
        }

        private NDArray newBiasIndex(int heads) {
            int n = window * window;
            int side = 2 * window - 1;
            long[] index = new long[heads * n * n];
            for (int h = 0; h < heads; h++) {
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        int dy = i / window - j / window + window - 1;
                        int dx = i % window - j % window + window - 1;
                        index[(h * n + i) * n + j] = (long) (dy * side + dx) * heads + h;
                    }
                }
            }
            return scope.create(index);
        }
    }
}
