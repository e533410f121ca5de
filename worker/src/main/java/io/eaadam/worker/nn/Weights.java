package io.eaadam.worker.nn;

import ai.djl.ndarray.NDManager;

import io.eaadam.common.genome.Genome;
import io.eaadam.common.genome.TensorLayout;
import io.eaadam.common.genome.TensorSpec;
import io.eaadam.common.random.Seeds;

import java.util.List;

/**
 * A network's tensors: trainable parameters and buffers (BatchNorm running statistics), each set in
 * its own flat buffer, and the PyTorch state-dict order that interleaves them for saving and loading.
 */
public final class Weights implements AutoCloseable {

    /** One declared tensor. */
    record Entry(TensorSpec spec, Init init, int fanIn, boolean buffer) {}

    /** Filled by {@link Weights}' constructor; read by the layers at forward time. */
    static final class Binding {
        ParameterSet parameters;
        ParameterSet buffers;
    }

    private final List<Entry> entries;
    private final ParameterSet parameters;
    private final ParameterSet buffers;
    private final TensorLayout stateDictLayout;

    Weights(NDManager manager, List<Entry> entries, Binding binding) {
        this.entries = List.copyOf(entries);
        this.parameters = new ParameterSet(manager, Layers.layoutOf(entries, false));
        this.buffers = new ParameterSet(manager, Layers.layoutOf(entries, true));
        TensorLayout.Builder all = TensorLayout.builder();
        for (Entry e : entries) {
            all.add(e.spec().name(), e.spec().shape());
        }
        this.stateDictLayout = all.build();
        binding.parameters = parameters;
        binding.buffers = buffers;
    }

    /** A fresh scope on the weights' device, for the arrays of one step or one request. */
    public NDManager newScope() {
        return parameters.flatView().getManager().newSubManager();
    }

    public ParameterSet parameters() {
        return parameters;
    }

    public ParameterSet buffers() {
        return buffers;
    }

    /** Parameters and buffers in PyTorch's state-dict order. */
    public TensorLayout stateDictLayout() {
        return stateDictLayout;
    }

    /** Draws every tensor from its initialiser, each from its own seeded stream. */
    public void initialize(long seed) {
        Genome values = Genome.zeros(stateDictLayout);
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            values.setTensor(e.spec().name(), e.init().values(e.spec(), e.fanIn(), Seeds.random(seed, "init", i)));
        }
        loadStateDict(values);
    }

    /** A copy of all tensors in state-dict order. */
    public Genome stateDict() {
        if (buffers.layout().tensorCount() == 0) {
            return parameters.toGenome();
        }
        Genome result = Genome.zeros(stateDictLayout);
        copyByName(parameters.toGenome(), result);
        copyByName(buffers.toGenome(), result);
        return result;
    }

    /** Loads all tensors from a genome laid out in state-dict order. */
    public void loadStateDict(Genome stateDict) {
        if (!stateDict.layout().equals(stateDictLayout)) {
            throw new IllegalArgumentException("state dict " + stateDict.layout() + " does not match " + stateDictLayout);
        }
        if (buffers.layout().tensorCount() == 0) {
            parameters.load(stateDict);
            return;
        }
        Genome p = Genome.zeros(parameters.layout());
        Genome b = Genome.zeros(buffers.layout());
        copyByName(stateDict, p);
        copyByName(stateDict, b);
        parameters.load(p);
        buffers.load(b);
    }

    private static void copyByName(Genome from, Genome to) {
        for (TensorSpec spec : to.layout().specs()) {
            if (from.layout().contains(spec.name())) {
                to.setTensor(spec.name(), from.tensor(spec.name()));
            }
        }
    }

    @Override
    public void close() {
        parameters.close();
        buffers.close();
    }
}
