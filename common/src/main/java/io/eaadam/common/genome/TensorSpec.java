package io.eaadam.common.genome;

import java.io.Serializable;
import java.util.Arrays;

/** The name and shape of one tensor of a state dict, e.g. {@code body.0.conv1.weight [64, 64, 3, 3]}. */
public record TensorSpec(String name, int[] shape) implements Serializable {

    public TensorSpec {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("tensor name must not be empty");
        }
        shape = shape.clone();
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(
                        "tensor " + name + " has a negative dimension in shape " + Arrays.toString(shape));
            }
        }
    }

    /** Number of elements; throws when it does not fit an int (a genome is one Java array). */
    public int numel() {
        long n = 1;
        for (int d : shape) {
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("tensor " + name + " is too large: " + Arrays.toString(shape));
            }
        }
        return (int) n;
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec other && name.equals(other.name) && Arrays.equals(shape, other.shape);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
