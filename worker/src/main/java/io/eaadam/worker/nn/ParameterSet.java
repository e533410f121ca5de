package io.eaadam.worker.nn;

import ai.djl.ndarray.NDArray;
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
    private final long[] sizes;
    private NDArray[] recorded;

    public ParameterSet(NDManager parent, TensorLayout layout) {
        this.layout = layout;
        this.manager = parent.newSubManager();
        this.flat = manager.zeros(new Shape(layout.size()));
        this.tensors = new NDArray[layout.tensorCount()];
        this.sizes = new long[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            int offset = layout.offset(i);
            sizes[i] = layout.numel(i);
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

    /** The tensor the forward pass uses: a view autograd tracks while {@link #recordGradients recording}. */
    public NDArray tensor(int index) {
        NDArray[] views = recorded;
        return views != null ? views[index] : tensors[index];
    }

    public NDArray tensor(String name) {
        return tensor(layout.indexOf(name));
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

    /**
     * Until closed, {@link #tensor} gives views of the flat buffer that autograd tracks: one split and a
     * reshape per tensor, owned by {@code scope}; call in grad mode, before the forward pass. Backward
     * then writes the whole gradient into the flat buffer's gradient with one concatenation, where leaf
     * tensors would cost an accumulation per tensor, a copy per tensor to flatten it and a zeroing per
     * tensor. Tensors outside a recording never require gradients.
     */
    public Recording recordGradients(NDManager scope) {
        if (recorded != null) {
            throw new IllegalStateException("already recording gradients");
        }
        flat.setRequiresGradient(true);
        NDList pieces = JniUtils.split((PtNDArray) flat, sizes, 0);
        pieces.attach(scope);
        NDArray[] views = new NDArray[tensors.length];
        for (int i = 0; i < views.length; i++) {
            views[i] = pieces.get(i).reshape(tensors[i].getShape());
        }
        recorded = views;
        return new Recording();
    }

    /** Ends {@link #recordGradients}; the gradient stays until {@link #zeroGradients}. */
    public final class Recording implements AutoCloseable {

        private Recording() {}

        @Override
        public void close() {
            recorded = null;
            flat.setRequiresGradient(false);
        }
    }

    /**
     * The gradient accumulated since {@link #zeroGradients} as one flat array in layout order (zeros where
     * a tensor got none; all zeros before any backward). Not a copy: a later backward adds to it and
     * {@link #zeroGradients} clears it; the handle is owned by {@code scope}.
     */
    public NDArray flatGradient(NDManager scope) {
        PtNDArray gradient = JniUtils.getGradient((PtNDArray) flat);
        if (gradient == null) {
            return scope.zeros(flat.getShape(), flat.getDataType(), flat.getDevice());
        }
        gradient.attach(scope);
        return gradient;
    }

    /** One operation on the flat gradient. */
    public void zeroGradients() {
        JniUtils.zeroGrad((PtNDArray) flat);
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
