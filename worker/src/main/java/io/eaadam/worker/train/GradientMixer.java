package io.eaadam.worker.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import io.eaadam.common.genome.TensorLayout;

import java.util.Arrays;

/**
 * EA-Adam's two-objective gradient (method 2.4): each objective's gradient is normalised per tensor to
 * unit L2 norm, {@code g[t] / (||g[t]|| + 1e-7)}, then the two are mixed by the slot's preference.
 * Weights and biases alike; the GAN term is part of the perception objective before normalisation.
 *
 * <p>All tensors are normalised at once on the flat gradient, in a fixed number of operations whatever
 * the number of tensors (a loop over tensors costs five launches per tensor and objective): the squares'
 * running sum in float64, read at each tensor's last element, gives every tensor's sum of squares.
 */
public final class GradientMixer implements AutoCloseable {

    static final float NORM_EPS = 1e-7f;

    private final NDManager manager;
    /** Per tensor, the flat index of its last element. */
    private final NDArray lastElement;
    /** Per flat element, the index of its tensor. */
    private final NDArray tensorOfElement;
    /** The running sum before the first tensor. */
    private final NDArray zero;

    /** @param parent a manager on the device the gradients live on */
    public GradientMixer(TensorLayout layout, NDManager parent) {
        this.manager = parent.newSubManager();
        int tensors = layout.tensorCount();
        long[] last = new long[tensors];
        long[] owner = new long[layout.size()];
        for (int i = 0; i < tensors; i++) {
            int offset = layout.offset(i);
            last[i] = offset + layout.numel(i) - 1L;
            Arrays.fill(owner, offset, offset + layout.numel(i), i);
        }
        this.lastElement = manager.create(last);
        this.tensorOfElement = manager.create(owner);
        this.zero = manager.zeros(new Shape(1), DataType.FLOAT64);
    }

    /**
     * Adds one objective's per-tensor-normalised, weighted gradient to {@code mixed}.
     *
     * @param mixed the sum so far, changed in place, or null for the first objective
     * @param gradient the objective's flat gradient (same layout), left unchanged
     * @return {@code mixed + (g[t] / (||g[t]|| + eps)) * weight} in the authors' order of operations;
     *     a new array owned by {@code scope} when {@code mixed} is null
     */
    public NDArray accumulate(NDArray mixed, NDArray gradient, double weight, NDManager scope) {
        NDArray term;
        try (NDManager temporary = scope.newSubManager()) {
            NDArray squares = gradient.toType(DataType.FLOAT64, false);
            squares.attach(temporary); // what derives from it lands in temporary too
            NDArray runningSum = squares.muli(squares).cumSum(0);
            NDArray atEnds = runningSum.take(lastElement);
            NDArray beforeStarts = NDArrays.concat(new NDList(zero, atEnds.get(":-1")));
            beforeStarts.attach(temporary);
            // A parallel scan (GPU) is not monotonic to the last bit: clamp before the root.
            NDArray norms = atEnds.subi(beforeStarts).maximum(0).sqrt().toType(DataType.FLOAT32, false)
                    .addi(NORM_EPS);
            NDArray perElement = norms.take(tensorOfElement);
            term = gradient.div(perElement).muli((float) weight); // owned by scope, like gradient
        }
        if (mixed == null) {
            return term;
        }
        try (term) {
            return mixed.addi(term);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
