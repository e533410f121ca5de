package io.eaadam.common.genome;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * A model's weights: ordered, named float tensors (a PyTorch state dict without buffers of other
 * types), stored flat in one array laid out by a {@link TensorLayout}. This is the unit that the
 * evolutionary operators vary, that Spark ships and that safetensors files hold.
 */
public final class Genome implements Serializable {

    private static final long serialVersionUID = 1L;

    private final TensorLayout layout;
    private final float[] values;

    /** Wraps {@code values} without copying; the genome owns it from now on. */
    public Genome(TensorLayout layout, float[] values) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.values = Objects.requireNonNull(values, "values");
        if (values.length != layout.size()) {
            throw new IllegalArgumentException(
                    "genome of " + values.length + " values does not match its layout of " + layout.size());
        }
    }

    public static Genome zeros(TensorLayout layout) {
        return new Genome(layout, new float[layout.size()]);
    }

    public TensorLayout layout() {
        return layout;
    }

    /** The flat values; callers that change them own the genome. */
    public float[] values() {
        return values;
    }

    public Genome copy() {
        return new Genome(layout, values.clone());
    }

    /** A copy of tensor {@code name}'s values. */
    public float[] tensor(String name) {
        int i = layout.indexOf(name);
        int offset = layout.offset(i);
        return Arrays.copyOfRange(values, offset, offset + layout.numel(i));
    }

    /** Overwrites tensor {@code name} with {@code data}, which must have its number of elements. */
    public void setTensor(String name, float[] data) {
        int i = layout.indexOf(name);
        if (data.length != layout.numel(i)) {
            throw new IllegalArgumentException("tensor " + layout.spec(i) + " needs " + layout.numel(i)
                    + " values, got " + data.length);
        }
        System.arraycopy(data, 0, values, layout.offset(i), data.length);
    }

    /** Bitwise equality of layout and values (NaN-safe), which is what determinism tests need. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Genome other && layout.equals(other.layout) && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return 31 * layout.hashCode() + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Genome[" + layout + "]";
    }
}
