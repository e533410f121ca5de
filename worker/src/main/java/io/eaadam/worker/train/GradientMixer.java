package io.eaadam.worker.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

import io.eaadam.common.genome.TensorLayout;
import io.eaadam.common.mo.Preference;

/**
 * EA-Adam's two-objective gradient (spec 2.4): each objective's gradient is normalised per tensor to
 * unit L2 norm, {@code g[t] / (||g[t]|| + 1e-7)}, then the two are mixed by the slot's preference.
 * Weights and biases alike; the GAN term is part of the perception objective before normalisation.
 */
public final class GradientMixer {

    static final float NORM_EPS = 1e-7f;

    private final TensorLayout layout;

    public GradientMixer(TensorLayout layout) {
        this.layout = layout;
    }

    /**
     * @param distortion flat gradient of the distortion objective, or null when its weight is 0
     * @param perception flat gradient of the perception objective, or null when its weight is 0
     * @return the mixed flat gradient, owned by {@code scope}
     */
    public NDArray mix(NDArray distortion, NDArray perception, Preference preference, NDManager scope) {
        NDList parts = new NDList(layout.tensorCount());
        try (NDManager temporary = scope.newSubManager()) {
            for (int i = 0; i < layout.tensorCount(); i++) {
                NDIndex slice = new NDIndex().addSliceDim(layout.offset(i), layout.offset(i) + layout.numel(i));
                NDArray mixed = null;
                if (distortion != null) {
                    mixed = normalised(distortion, slice, preference.distortion(), temporary);
                }
                if (perception != null) {
                    NDArray term = normalised(perception, slice, preference.perception(), temporary);
                    mixed = mixed == null ? term : mixed.add(term);
                }
                parts.add(mixed);
            }
            NDArray result = NDArrays.concat(parts);
            result.attach(scope);
            return result;
        }
    }

    /** (g[slice] / (||g[slice]|| + eps)) * weight, in the authors' order of operations; owned by {@code scope}. */
    private static NDArray normalised(NDArray gradient, NDIndex slice, double weight, NDManager scope) {
        NDArray part = gradient.get(slice);
        part.attach(scope); // what follows derives from part and lands in the scope too
        return part.div(part.norm().addi(NORM_EPS)).muli((float) weight);
    }
}
