package io.eaadam.common.genome;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ordered tensors of a model, packed back to back in one flat array: tensor {@code i} occupies
 * {@code [offset(i), offset(i) + spec(i).numel())}. The order is the state-dict order of the PyTorch
 * model, so that a layout also fixes the order of the per-tensor EA draws.
 */
public final class TensorLayout implements Serializable {

    private static final long serialVersionUID = 1L;

    private final List<TensorSpec> specs;
    private final int[] offsets;
    private final int size;
    private final Map<String, Integer> indexByName;

    public TensorLayout(List<TensorSpec> specs) {
        this.specs = List.copyOf(specs);
        this.offsets = new int[this.specs.size()];
        Map<String, Integer> index = new LinkedHashMap<>();
        long total = 0;
        for (int i = 0; i < this.specs.size(); i++) {
            TensorSpec spec = this.specs.get(i);
            if (index.put(spec.name(), i) != null) {
                throw new IllegalArgumentException("duplicate tensor name " + spec.name());
            }
            offsets[i] = (int) total;
            total += spec.numel();
            if (total > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("layout exceeds 2^31 elements at tensor " + spec.name());
            }
        }
        this.size = (int) total;
        this.indexByName = Collections.unmodifiableMap(index);
    }

    public static Builder builder() {
        return new Builder();
    }

    public int tensorCount() {
        return specs.size();
    }

    /** Total number of floats of all tensors. */
    public int size() {
        return size;
    }

    public List<TensorSpec> specs() {
        return specs;
    }

    public TensorSpec spec(int i) {
        return specs.get(i);
    }

    public int offset(int i) {
        return offsets[i];
    }

    public int numel(int i) {
        return specs.get(i).numel();
    }

    public Set<String> names() {
        return indexByName.keySet();
    }

    public boolean contains(String name) {
        return indexByName.containsKey(name);
    }

    /** Index of a tensor by name; throws with the known names' count when it is absent. */
    public int indexOf(String name) {
        Integer i = indexByName.get(name);
        if (i == null) {
            throw new IllegalArgumentException(
                    "no tensor named '" + name + "' in this layout of " + specs.size() + " tensors");
        }
        return i;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorLayout other && specs.equals(other.specs);
    }

    @Override
    public int hashCode() {
        return specs.hashCode();
    }

    @Override
    public String toString() {
        return "TensorLayout[" + specs.size() + " tensors, " + size + " values]";
    }

    /** Collects tensors in state-dict order. */
    public static final class Builder {
        private final List<TensorSpec> specs = new ArrayList<>();

        public Builder add(String name, int... shape) {
            specs.add(new TensorSpec(name, shape));
            return this;
        }

        public TensorLayout build() {
            return new TensorLayout(specs);
        }
    }
}
