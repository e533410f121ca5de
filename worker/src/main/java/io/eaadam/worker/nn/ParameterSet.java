package io.eaadam.worker.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

import io.eaadam.common.genome.Genome;
import io.eaadam.common.genome.TensorLayout;

/**
 * A network's tensors in one flat, contiguous device buffer, with one leaf tensor per named state-dict
 * entry sharing its storage. Loading a genome, exporting it and the optimizer's update are single
 * operations on the flat buffer, while the forward pass sees ordinary shaped tensors.
 */
public final class ParameterSet implements AutoCloseable {

    private final TensorLayout layout;
    private final NDManager manager;
    private final NDArray flat;
    private final NDArray[] tensors;

    public ParameterSet(NDManager parent, TensorLayout layout) {
        this.layout = layout;
        this.manager = parent.newSubManager();
        this.flat = manager.zeros(new Shape(layout.size()));
        this.tensors = new NDArray[layout.tensorCount()];
        for (int i = 0; i < tensors.length; i++) {
            int offset = layout.offset(i);
            try (NDArray slice = flat.get(new NDIndex().addSliceDim(offset, offset + layout.numel(i)));
                    NDArray view = slice.reshape(new Shape(toLongs(layout.spec(i).shape())))) {
                // detach(): a storage-sharing leaf, so autograd treats each tensor as its own parameter.
                tensors[i] = view.stopGradient();
                tensors[i].setName(layout.spec(i).name());
            }
        }
    }

    public TensorLayout layout() {
        return layout;
    }

    public NDArray tensor(int index) {
        return tensors[index];
    }

    public NDArray tensor(String name) {
        return tensors[layout.indexOf(name)];
    }

    /** The flat buffer, for optimizers: in-place changes to it are changes to every tensor. */
    public NDArray flatView() {
        return flat;
    }

    /** Copies a genome into the buffer in place (the tensors keep their identity). */
    public void load(Genome genome) {
        if (!genome.layout().equals(layout)) {
            throw new IllegalArgumentException("genome layout " + genome.layout() + " does not match " + layout);
        }
        try (NDManager scope = manager.newSubManager();
                NDArray source = scope.create(genome.values())) {
            flat.set(new NDIndex(":"), source);
        }
    }

    /** A copy of the current values. */
    public Genome toGenome() {
        return new Genome(layout, flat.toFloatArray());
    }

    public void setRequiresGradient(boolean requiresGradient) {
        for (NDArray tensor : tensors) {
            tensor.setRequiresGradient(requiresGradient);
        }
    }

    /**
     * A copy of the accumulated gradients as one flat array owned by {@code scope} (zeros where a
     * tensor got none), in layout order. A copy, because {@link #zeroGradients} zeroes the originals.
     */
    public NDArray flatGradient(NDManager scope) {
        NDList parts = new NDList(tensors.length);
        try (NDManager temporary = scope.newSubManager()) {
            for (NDArray tensor : tensors) {
                PtNDArray gradient = JniUtils.getGradient((PtNDArray) tensor);
                NDArray part;
                if (gradient == null) {
                    part = temporary.zeros(new Shape(tensor.size()), tensor.getDataType(), tensor.getDevice());
                } else {
                    gradient.attach(temporary);
                    part = gradient.reshape(-1);
                }
                parts.add(part);
            }
            NDArray result = NDArrays.concat(parts);
            result.attach(scope);
            return result;
        }
    }

    public void zeroGradients() {
        for (NDArray tensor : tensors) {
            JniUtils.zeroGrad((PtNDArray) tensor);
        }
    }

    @Override
    public void close() {
        manager.close();
    }

    static long[] toLongs(int[] shape) {
        long[] result = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            result[i] = shape[i];
        }
        return result;
    }
}
