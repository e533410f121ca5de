package io.eaadam.common.safetensors;

import io.eaadam.common.genome.TensorSpec;
import java.util.Arrays;
import java.util.Objects;

/**
 * One floating-point tensor of a safetensors file, widened to float (exactly, for F16 and BF16).
 *
 * @param name the name as stored in the file, prefix and all
 * @param dtype the dtype as stored in the file: {@code F32}, {@code F16} or {@code BF16}
 * @param shape the dimensions, row-major; empty for a scalar
 * @param values the elements in row-major order; not copied, since tensors can be large
 */
public record SafeTensor(String name, String dtype, int[] shape, float[] values) {

    public SafeTensor {
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(values, "values");
        shape = shape.clone();
        // TensorSpec checks the name and the dimensions and computes the element count.
        int numel = new TensorSpec(name, shape).numel();
        if (values.length != numel) {
            throw new IllegalArgumentException("tensor " + name + Arrays.toString(shape) + " needs " + numel
                    + " values, got " + values.length);
        }
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** The name and shape, as a genome layout describes this tensor. */
    public TensorSpec spec() {
        return new TensorSpec(name, shape);
    }

    /** Deep equality of shape and values (bitwise on floats, so NaN equals NaN). */
    @Override
    public boolean equals(Object o) {
        return o instanceof SafeTensor other && name.equals(other.name) && dtype.equals(other.dtype)
                && Arrays.equals(shape, other.shape) && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape), Arrays.hashCode(values));
    }

    @Override
    public String toString() {
        return name + " " + dtype + Arrays.toString(shape);
    }
}
