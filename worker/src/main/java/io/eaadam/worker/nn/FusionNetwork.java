package io.eaadam.worker.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.genome.Genome;
import io.eaadam.common.genome.TensorLayout;
import io.eaadam.common.genome.TensorSpec;
import io.eaadam.worker.runtime.GradMode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The attention-based weight-regression network of method 5.3: the backbone's topology with every conv a
 * dynamic conv over the N frozen expert kernels, and every linear layer (SwinIR) a dynamic linear layer.
 * Each has its own attention head on its input (extractor, global average pool, two linear layers, softmax)
 * that gives one mixing vector per sample; the sample then runs through its own convex combination of the
 * experts, all samples in one grouped convolution or batched matrix product. PReLUs, LayerNorms and position
 * bias tables are mixed with the vectors of a dynamic layer next to them ({@link DynamicLayers}). The
 * parameters are the heads only; the stacked experts are buffers, which no optimizer touches.
 */
public final class FusionNetwork implements Generator {

    private static final float SLOPE = 0.2f;

    private final Generator topology;
    private final DynamicLayers layers;

    /** Builds the network for {@code experts} experts, with zeroed weights (load the experts, init the heads). */
    public FusionNetwork(EaAdamConfig.Model model, EaAdamConfig.Fusion fusion, int experts, NDManager manager) {
        if (experts < 1) {
            throw new IllegalArgumentException("fusion needs at least one expert, got " + experts);
        }
        this.layers = new DynamicLayers(fusion, experts);
        this.topology = Generator.create(model, manager, layers);
    }

    @Override
    public int scale() {
        return topology.scale();
    }

    @Override
    public Weights weights() {
        return topology.weights();
    }

    @Override
    public NDArray forward(NDArray lr) {
        return topology.forward(lr);
    }

    public int experts() {
        return layers.experts;
    }

    /** The backbone's state-dict layout: what each expert must have. */
    public TensorLayout backboneLayout() {
        return layers.backbone.build();
    }

    /** The mixed layers in the backbone's parameter order, the order of the mixing weights. */
    public List<String> layerNames() {
        return List.copyOf(layers.names);
    }

    /** Loads the experts, in merge order, each a backbone state dict, into the stacked kernels. */
    public void loadExperts(List<Genome> experts) {
        if (experts.size() != layers.experts) {
            throw new IllegalArgumentException("the network mixes " + layers.experts + " experts, got "
                    + experts.size());
        }
        TensorLayout backbone = backboneLayout();
        for (int k = 0; k < experts.size(); k++) {
            if (!experts.get(k).layout().equals(backbone)) {
                throw new IllegalArgumentException("expert " + k + " is not a " + backbone.tensorCount()
                        + "-tensor backbone of this architecture: " + experts.get(k).layout());
            }
        }
        ParameterSet stacks = weights().buffers();
        Genome stacked = Genome.zeros(stacks.layout());
        for (TensorSpec spec : backbone.specs()) {
            int numel = backbone.numel(backbone.indexOf(spec.name()));
            float[] all = new float[numel * experts.size()];
            for (int k = 0; k < experts.size(); k++) {
                System.arraycopy(experts.get(k).tensor(spec.name()), 0, all, k * numel, numel);
            }
            stacked.setTensor(spec.name(), all);
        }
        stacks.load(stacked);
    }

    /**
     * Runs the network without autograd and returns, per mixed layer (in {@link #layerNames} order), the
     * sum over the batch of the mixing vectors: [layer][expert]. One device-to-host copy.
     */
    public double[][] mixingSums(NDArray lr) {
        try (NDManager scope = lr.getManager().newSubManager();
                GradMode ignored = GradMode.disabled()) {
            layers.recording = new NDArray[layers.names.size()];
            layers.recordingScope = scope;
            forward(lr).attach(scope);
            float[] sums = NDArrays.stack(new NDList(layers.recording)).toFloatArray();
            double[][] result = new double[layers.names.size()][layers.experts];
            for (int i = 0; i < sums.length; i++) {
                result[i / layers.experts][i % layers.experts] = sums[i];
            }
            return result;
        } finally {
            layers.recording = null;
            layers.recordingScope = null;
        }
    }

    /**
     * Declares each generator conv and linear layer as a dynamic one with its own attention head, and mixes
     * the other tensors with the mixing vectors of a dynamic layer next to them: a PReLU with the conv before
     * it, a position bias table with its attention's qkv, a LayerNorm with the layer it feeds (whose head then
     * reads the normalised input, before the affine part, so that both share one mixing vector).
     */
    private static final class DynamicLayers extends Layers {

        private final EaAdamConfig.Fusion fusion;
        private final int experts;
        private final TensorLayout.Builder backbone = TensorLayout.builder();
        private final List<String> names = new ArrayList<>();
        private NDArray[] recording;
        private NDManager recordingScope;
        /** The mixing vectors of the dynamic layer applied last (PReLUs and position biases use them). */
        private NDArray lastMixing;
        /** LayerNorms declared since the last dynamic layer: that layer's head is theirs. */
        private final List<Adopted> waiting = new ArrayList<>();
        /** The mixing vectors a LayerNorm computed for the layer it feeds, which that layer then uses. */
        private NDArray handedOn;

        DynamicLayers(EaAdamConfig.Fusion fusion, int experts) {
            this.fusion = fusion;
            this.experts = experts;
        }

        /** A LayerNorm's link to the head of the layer it feeds, known once that layer is declared. */
        private static final class Adopted {
            AttentionHead head;
        }

        @Override
        public Conv conv(String name, int in, int out, int kernel, Init.Pair init) {
            int layer = declare(name, new int[] {out, in, kernel, kernel}, new int[] {out});
            int weight = buffer(name + ".weight", Init.constant(0f), experts, out, in, kernel, kernel);
            int bias = buffer(name + ".bias", Init.constant(0f), experts, out);
            AttentionHead head = adoptedBy(convHead(name + ".attention", in));
            return x -> dynamicConv(x, mixing(layer, head, x), weight, bias, out, in, kernel);
        }

        /** Each sample through its own mixture of the experts' (out, in) matrices: one batched product. */
        @Override
        public Layer linear(String name, int in, int out, Init.Pair init) {
            int layer = declare(name, new int[] {out, in}, new int[] {out});
            int weight = buffer(name + ".weight", Init.constant(0f), experts, out, in);
            int bias = buffer(name + ".bias", Init.constant(0f), experts, out);
            AttentionHead head = adoptedBy(linearHead(name + ".attention", in));
            return x -> {
                NDArray alpha = mixing(layer, head, x);
                ParameterSet stacks = binding().buffers;
                Shape s = x.getShape();
                long batch = s.get(0);
                NDArray matrices = alpha.matMul(stacks.tensor(weight).reshape(experts, -1)).reshape(batch, out, in);
                NDArray biases = alpha.matMul(stacks.tensor(bias)).reshape(batch, 1, out);
                NDArray y = x.reshape(batch, -1, in).batchMatMul(matrices.transpose(0, 2, 1)).add(biases);
                long[] shape = s.getShape();
                shape[shape.length - 1] = out;
                return y.reshape(shape);
            };
        }

        /** The experts' affine parts mixed with the vectors of the layer it feeds, computed here from its input. */
        @Override
        public Layer layerNorm(String name, int dim) {
            int layer = declare(name, new int[] {dim}, new int[] {dim});
            int gamma = buffer(name + ".weight", Init.constant(0f), experts, dim);
            int beta = buffer(name + ".bias", Init.constant(0f), experts, dim);
            Adopted fed = new Adopted();
            waiting.add(fed);
            return x -> {
                NDManager scope = x.getManager();
                Shape s = x.getShape();
                NDArray normalised = Ops.layerNorm(x, scope.ones(new Shape(dim)), scope.zeros(new Shape(dim)));
                NDArray alpha = fed.head.apply(fed.head.tokens ? normalised : normalised.transpose(0, 3, 1, 2));
                record(layer, alpha);
                handedOn = alpha;
                long[] perSample = new long[s.dimension()];
                Arrays.fill(perSample, 1);
                perSample[0] = s.get(0);
                perSample[perSample.length - 1] = dim;
                ParameterSet stacks = binding().buffers;
                Shape affine = new Shape(perSample);
                return normalised.mul(alpha.matMul(stacks.tensor(gamma)).reshape(affine))
                        .add(alpha.matMul(stacks.tensor(beta)).reshape(affine));
            };
        }

        /** Mixed with the vectors of the qkv layer before it; the experts' tables are read, then mixed. */
        @Override
        public PositionBias positionBias(String name, int window, int heads) {
            int side = 2 * window - 1;
            int layer = names.size();
            names.add(name);
            backbone.add(name + ".relative_position_bias_table", side * side, heads);
            int tables = buffer(name + ".relative_position_bias_table", Init.constant(0f), experts, side * side, heads);
            return (logits, index) -> {
                record(layer, lastMixing);
                long n = (long) window * window;
                NDArray mixed = lastMixing.matMul(binding().buffers.tensor(tables).reshape(experts, -1));
                long batch = mixed.getShape().get(0);
                NDArray bias = Ops.gather(mixed, index.reshape(1, -1).broadcast(new Shape(batch, index.size())), 1);
                return logits.add(bias.reshape(batch, 1, heads, n, n));
            };
        }

        /**
         * A PReLU belongs to the conv before it: its slopes are the experts' slopes mixed with that conv's
         * mixing vectors, and the merge gives it the same weights (recorded again under its own name).
         */
        @Override
        public Layer prelu(String name, int channels) {
            int layer = names.size();
            names.add(name);
            backbone.add(name + ".weight", channels);
            int slopes = buffer(name + ".weight", Init.constant(0f), experts, channels);
            return x -> {
                record(layer, lastMixing);
                return Ops.prelu(x, lastMixing.matMul(binding().buffers.tensor(slopes)));
            };
        }

        /** Adds a weight-and-bias layer to the backbone's layout and the mixed layers; returns its index. */
        private int declare(String name, int[] weightShape, int[] biasShape) {
            backbone.add(name + ".weight", weightShape);
            backbone.add(name + ".bias", biasShape);
            names.add(name);
            return names.size() - 1;
        }

        /** Gives {@code head} to the LayerNorms declared since the last dynamic layer. */
        private AttentionHead adoptedBy(AttentionHead head) {
            for (Adopted fed : waiting) {
                fed.head = head;
            }
            waiting.clear();
            return head;
        }

        /** The layer's mixing vectors: handed on by the LayerNorm before it, else from its own head. */
        private NDArray mixing(int layer, AttentionHead head, NDArray x) {
            NDArray alpha = handedOn != null ? handedOn : head.apply(x);
            handedOn = null;
            record(layer, alpha);
            lastMixing = alpha;
            return alpha;
        }

        private void record(int layer, NDArray alpha) {
            if (recording != null) {
                NDArray batchSum = alpha.sum(new int[] {0});
                batchSum.attach(recordingScope);
                recording[layer] = batchSum;
            }
        }

        /** Each sample convolved with its own mixture of the experts: one conv with groups = batch. */
        private NDArray dynamicConv(NDArray x, NDArray alpha, int weight, int bias, int out, int in, int kernel) {
            Shape s = x.getShape();
            long batch = s.get(0);
            ParameterSet stacks = binding().buffers;
            NDArray kernels = alpha.matMul(stacks.tensor(weight).reshape(experts, -1))
                    .reshape(batch * out, in, kernel, kernel);
            NDArray biases = alpha.matMul(stacks.tensor(bias)).reshape(batch * out);
            NDArray y = Ops.conv2d(x.reshape(1, batch * in, s.get(2), s.get(3)), kernels, biases, 1, kernel / 2,
                    (int) batch);
            return y.reshape(batch, out, s.get(2), s.get(3));
        }

        /** Method 5.3's {@code Fusion} for a conv: k x k conv extractor, global average pool over the grid. */
        private AttentionHead convHead(String name, int in) {
            int k = fusion.headKernel();
            int width = fusion.headFeatures();
            Init.Pair init = Init.Pair.pytorch();
            return new AttentionHead(name, false,
                    conv(name + ".extractor.0", in, width, k, 1, k / 2, true, init),
                    conv(name + ".extractor.2", width, width, k, 1, k / 2, true, init),
                    conv(name + ".extractor.4", width, fusion.headParams(), k, 1, k / 2, true, init));
        }

        /**
         * The conv head for tokens, which have no grid in a window attention: its extractor is token-wise (as
         * 1x1 convs), then the mean over the tokens.
         */
        private AttentionHead linearHead(String name, int in) {
            int width = fusion.headFeatures();
            return new AttentionHead(name, true, linear(name + ".extractor.0", in, width),
                    linear(name + ".extractor.2", width, width),
                    linear(name + ".extractor.4", width, fusion.headParams()));
        }

        /**
         * An extractor (each layer followed by LReLU 0.2), the mean over the grid or the tokens, then
         * {@code Linear(Q -> hidden)}, LReLU 0.2, {@code Linear(hidden -> N)}, softmax: one mixing vector (B, N)
         * per sample of its input.
         */
        private final class AttentionHead {
            private final Layer[] extractor;
            private final boolean tokens;
            private final Linear hidden;
            private final Linear output;

            /** Declares the mapping after the extractor, as the state dict orders them. */
            AttentionHead(String name, boolean tokens, Layer... extractor) {
                this.extractor = extractor;
                this.tokens = tokens;
                hidden = linear(name + ".mapping.0", fusion.headParams(), fusion.headHidden());
                output = linear(name + ".mapping.2", fusion.headHidden(), experts);
            }

            /** x: (B, C, H, W) for a conv's head; (B, ..., C) tokens for a linear layer's. */
            NDArray apply(NDArray x) {
                Shape s = x.getShape();
                NDArray features = tokens ? x.reshape(s.get(0), -1, s.get(s.dimension() - 1)) : x;
                for (Layer layer : extractor) {
                    features = Ops.leakyRelu(layer.apply(features), SLOPE);
                }
                Shape f = features.getShape();
                NDArray pooled = tokens ? features.mean(new int[] {1})
                        : features.reshape(f.get(0), f.get(1), -1).mean(new int[] {2});
                return output.apply(Ops.leakyRelu(hidden.apply(pooled), SLOPE)).softmax(1);
            }
        }
    }
}
