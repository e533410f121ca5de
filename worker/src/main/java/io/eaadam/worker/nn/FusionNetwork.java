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
import java.util.List;

/**
 * The attention-based weight-regression network of method 5.3: the backbone's topology with every conv a
 * dynamic conv over the N frozen expert kernels (and every PReLU of srvgg mixed as the conv before it). Each conv has its own attention head on its input
 * (conv extractor, global average pool, two linear layers, softmax) that gives one mixing vector per
 * sample; the sample is then convolved with its own convex combination of the experts, all samples in
 * one grouped convolution. The parameters are the heads only; the stacked experts are buffers, which
 * no optimizer touches.
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

    /** The dynamic convs in the backbone's parameter order, the order of the mixing weights. */
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
     * Runs the network without autograd and returns, per dynamic conv (in {@link #layerNames} order), the
     * sum over the batch of the mixing vectors: [layer][expert]. One device-to-host copy.
     */
    public double[][] mixingSums(NDArray lr) {
        try (NDManager scope = lr.getManager().newSubManager();
                GradMode ignored = GradMode.disabled()) {
            layers.recording = new NDList();
            layers.recordingScope = scope;
            forward(lr).attach(scope);
            float[] sums = NDArrays.stack(layers.recording).toFloatArray();
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

    /** Declares each generator conv as a dynamic conv with its own attention head. */
    private static final class DynamicLayers extends Layers {

        private final EaAdamConfig.Fusion fusion;
        private final int experts;
        private final TensorLayout.Builder backbone = TensorLayout.builder();
        private final List<String> names = new ArrayList<>();
        private NDList recording;
        private NDManager recordingScope;
        /** The mixing vectors of the conv applied last, with which the PReLU after it mixes its slopes. */
        private NDArray lastMixing;

        DynamicLayers(EaAdamConfig.Fusion fusion, int experts) {
            this.fusion = fusion;
            this.experts = experts;
        }

        @Override
        public Conv conv(String name, int in, int out, int kernel, Init.Pair init) {
            backbone.add(name + ".weight", out, in, kernel, kernel);
            backbone.add(name + ".bias", out);
            names.add(name);
            int weight = buffer(name + ".weight", Init.constant(0f), experts, out, in, kernel, kernel);
            int bias = buffer(name + ".bias", Init.constant(0f), experts, out);
            AttentionHead head = new AttentionHead(name + ".attention", in);
            return x -> dynamicConv(x, head.apply(x), weight, bias, out, in, kernel);
        }

        /**
         * A PReLU belongs to the conv before it: its slopes are the experts' slopes mixed with that conv's
         * mixing vectors, and the merge gives it the same weights (recorded again under its own name).
         */
        @Override
        public Layer prelu(String name, int channels) {
            backbone.add(name + ".weight", channels);
            names.add(name);
            int slopes = buffer(name + ".weight", Init.constant(0f), experts, channels);
            return x -> {
                record(lastMixing);
                return Ops.prelu(x, lastMixing.matMul(binding().buffers.tensor(slopes)));
            };
        }

        private void record(NDArray alpha) {
            if (recording != null) {
                NDArray batchSum = alpha.sum(new int[] {0});
                batchSum.attach(recordingScope);
                recording.add(batchSum);
            }
        }

        /** Each sample convolved with its own mixture of the experts: one conv with groups = batch. */
        private NDArray dynamicConv(NDArray x, NDArray alpha, int weight, int bias, int out, int in, int kernel) {
            record(alpha);
            lastMixing = alpha;
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

        /** Method 5.3's {@code Fusion}: conv extractor, global average pool, 100 -> 15 -> N, softmax. */
        private final class AttentionHead {
            private final Conv2d[] extractor;
            private final Linear hidden;
            private final Linear output;

            AttentionHead(String name, int in) {
                int k = fusion.headKernel();
                int width = fusion.headFeatures();
                Init.Pair init = Init.Pair.pytorch();
                extractor = new Conv2d[] {
                    conv(name + ".extractor.0", in, width, k, 1, k / 2, true, init),
                    conv(name + ".extractor.2", width, width, k, 1, k / 2, true, init),
                    conv(name + ".extractor.4", width, fusion.headParams(), k, 1, k / 2, true, init)
                };
                hidden = linear(name + ".mapping.0", fusion.headParams(), fusion.headHidden());
                output = linear(name + ".mapping.2", fusion.headHidden(), experts);
            }

            NDArray apply(NDArray x) {
                NDArray features = x;
                for (Conv2d conv : extractor) {
                    features = Ops.leakyRelu(conv.apply(features), SLOPE);
                }
                Shape s = features.getShape();
                NDArray pooled = features.reshape(s.get(0), s.get(1), -1).mean(new int[] {2});
                return output.apply(Ops.leakyRelu(hidden.apply(pooled), SLOPE)).softmax(1);
            }
        }
    }
}
