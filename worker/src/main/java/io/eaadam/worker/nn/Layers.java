package io.eaadam.worker.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import io.eaadam.common.genome.TensorLayout;
import io.eaadam.common.genome.TensorSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * Declares a network's layers in PyTorch's state-dict order (module registration order, parameters
 * before buffers), with BasicSR's names, then allocates their tensors in one go with {@link #build}.
 * A layer reads its tensors through the shared binding, so it can be declared before the storage exists.
 * The generators declare their convs through {@link #conv(String, int, int, int, Init.Pair)}, which a
 * subclass may override to give the same topology other convs (the fusion network's dynamic convs).
 */
public class Layers {

    /** A layer of a generator's topology. */
    public interface Layer {
        NDArray apply(NDArray x);
    }

    /** A conv of a generator's topology. */
    public interface Conv extends Layer {}

    private final List<Weights.Entry> entries = new ArrayList<>();
    private final Weights.Binding binding = new Weights.Binding();

    /** A conv with PyTorch's weight layout (out, in, k, k); {@code bias} false leaves it out. */
    public Conv2d conv(String name, int in, int out, int kernel, int stride, int padding, boolean bias,
            Init.Pair init) {
        int fanIn = in * kernel * kernel;
        int weight = parameter(name + ".weight", init.weight(), fanIn, out, in, kernel, kernel);
        int biasIndex = bias ? parameter(name + ".bias", init.bias(), fanIn, out) : -1;
        return new Conv2d(binding, weight, biasIndex, stride, padding);
    }

    /** The SR networks' conv: k x k, stride 1, 'same' padding, with bias. */
    public Conv conv(String name, int in, int out, int kernel, Init.Pair init) {
        return conv(name, in, out, kernel, 1, kernel / 2, true, init);
    }

    /** PyTorch's {@code nn.PReLU(num_parameters=channels)}: one slope per channel, initialised to 0.25. */
    public Layer prelu(String name, int channels) {
        int weight = parameter(name + ".weight", Init.constant(0.25f), 1, channels);
        return x -> Ops.prelu(x, binding.parameters.tensor(weight));
    }

    public BatchNorm2d batchNorm(String name, int channels) {
        int gamma = parameter(name + ".weight", Init.constant(1f), channels, channels);
        int beta = parameter(name + ".bias", Init.constant(0f), channels, channels);
        int mean = buffer(name + ".running_mean", Init.constant(0f), channels);
        int var = buffer(name + ".running_var", Init.constant(1f), channels);
        return new BatchNorm2d(binding, gamma, beta, mean, var);
    }

    public Linear linear(String name, int in, int out) {
        return declareLinear(name, in, out, Init.Pair.pytorch());
    }

    /** A linear layer of a generator's topology, over the last axis of (B, ..., in). */
    public Layer linear(String name, int in, int out, Init.Pair init) {
        return declareLinear(name, in, out, init);
    }

    private Linear declareLinear(String name, int in, int out, Init.Pair init) {
        int weight = parameter(name + ".weight", init.weight(), in, out, in);
        int bias = parameter(name + ".bias", init.bias(), in, out);
        return new Linear(binding, weight, bias);
    }

    /** {@code nn.LayerNorm(dim)} over the last axis: weight 1, bias 0 at the start. */
    public Layer layerNorm(String name, int dim) {
        int gamma = parameter(name + ".weight", Init.constant(1f), dim, dim);
        int beta = parameter(name + ".bias", Init.constant(0f), dim, dim);
        return x -> Ops.layerNorm(x, binding.parameters.tensor(gamma), binding.parameters.tensor(beta));
    }

    /**
     * Swin's relative position bias: a table of (2w - 1)^2 offsets by heads, read at each query-key offset of a
     * w x w window and added to the attention logits.
     */
    public PositionBias positionBias(String name, int window, int heads) {
        int side = 2 * window - 1;
        int table = parameter(name + ".relative_position_bias_table", Init.truncatedNormal(0.02), 1, side * side,
                heads);
        return (logits, index) -> logits.add(Ops.take(binding.parameters.tensor(table), index)
                .reshape(1, 1, heads, (long) window * window, (long) window * window));
    }

    /** Adds the bias to logits (B, windows, heads, N, N), read from the table through {@code index}. */
    public interface PositionBias {
        NDArray addTo(NDArray logits, NDArray index);
    }

    /** Allocates every declared tensor (zeros) on {@code manager}'s device. */
    public Weights build(NDManager manager) {
        return new Weights(manager, entries, binding);
    }

    /** Declares a trainable tensor; returns its index among the parameters. */
    protected final int parameter(String name, Init init, int fanIn, int... shape) {
        return add(new Weights.Entry(new TensorSpec(name, shape), init, fanIn, false));
    }

    /** Declares a tensor that no optimizer changes; returns its index among the buffers. */
    protected final int buffer(String name, Init init, int... shape) {
        return add(new Weights.Entry(new TensorSpec(name, shape), init, 1, true));
    }

    /** Adds an entry and returns its index within its own set (parameters or buffers). */
    private int add(Weights.Entry entry) {
        int index = (int) entries.stream().filter(e -> e.buffer() == entry.buffer()).count();
        entries.add(entry);
        return index;
    }

    /** The binding through which layers declared here read their tensors. */
    protected final Weights.Binding binding() {
        return binding;
    }

    /** A 2-D convolution with PyTorch's weight layout (out, in, kh, kw). */
    public static final class Conv2d implements Conv {
        private final Weights.Binding binding;
        private final int weight;
        private final int bias;
        private final int stride;
        private final int padding;

        Conv2d(Weights.Binding binding, int weight, int bias, int stride, int padding) {
            this.binding = binding;
            this.weight = weight;
            this.bias = bias;
            this.stride = stride;
            this.padding = padding;
        }

        @Override
        public NDArray apply(NDArray x) {
            ParameterSet p = binding.parameters;
            return Ops.conv2d(x, p.tensor(weight), bias < 0 ? null : p.tensor(bias), stride, padding, 1);
        }
    }

    /** BatchNorm2d with affine parameters and running statistics (momentum 0.1, eps 1e-5 as PyTorch). */
    public static final class BatchNorm2d {
        private final Weights.Binding binding;
        private final int gamma;
        private final int beta;
        private final int mean;
        private final int var;

        BatchNorm2d(Weights.Binding binding, int gamma, int beta, int mean, int var) {
            this.binding = binding;
            this.gamma = gamma;
            this.beta = beta;
            this.mean = mean;
            this.var = var;
        }

        public NDArray apply(NDArray x, boolean training) {
            ParameterSet p = binding.parameters;
            ParameterSet b = binding.buffers;
            return Ops.batchNorm(x, p.tensor(gamma), p.tensor(beta), b.tensor(mean), b.tensor(var), training,
                    0.1, 1e-5);
        }
    }

    /** A fully connected layer with PyTorch's weight layout (out, in). */
    public static final class Linear implements Layer {
        private final Weights.Binding binding;
        private final int weight;
        private final int bias;

        Linear(Weights.Binding binding, int weight, int bias) {
            this.binding = binding;
            this.weight = weight;
            this.bias = bias;
        }

        @Override
        public NDArray apply(NDArray x) {
            ParameterSet p = binding.parameters;
            return Ops.linear(x, p.tensor(weight), p.tensor(bias));
        }
    }

    static TensorLayout layoutOf(List<Weights.Entry> entries, boolean buffers) {
        TensorLayout.Builder builder = TensorLayout.builder();
        for (Weights.Entry e : entries) {
            if (e.buffer() == buffers) {
                builder.add(e.spec().name(), e.spec().shape());
            }
        }
        return builder.build();
    }
}
