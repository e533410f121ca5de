package io.eaadam.common.safetensors;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/** The safetensors dtypes this package reads; every other dtype name is rejected. */
enum SafeTensorsDtype {
    F32(4, true),
    F16(2, true),
    BF16(2, true),
    // Integer dtypes only occur as BatchNorm step counters, which are validated and then skipped.
    I32(4, false),
    I64(8, false);

    private final int byteSize;
    private final boolean floating;

    SafeTensorsDtype(int byteSize, boolean floating) {
        this.byteSize = byteSize;
        this.floating = floating;
    }

    /** The dtype spelled {@code name} in a header (case-sensitive, as in the spec), if supported. */
    static Optional<SafeTensorsDtype> byName(String name) {
        for (SafeTensorsDtype dtype : values()) {
            if (dtype.name().equals(name)) {
                return Optional.of(dtype);
            }
        }
        return Optional.empty();
    }

    int byteSize() {
        return byteSize;
    }

    boolean isFloating() {
        return floating;
    }

    /**
     * Decodes {@code numel} little-endian values starting at {@code offset} into floats; exact for
     * every supported floating dtype because F16 and BF16 values are all representable as F32.
     */
    float[] toFloats(byte[] bytes, int offset, int numel) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, numel * byteSize).slice().order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[numel];
        switch (this) {
            case F32 -> buffer.asFloatBuffer().get(values);
            case F16 -> {
                for (int i = 0; i < numel; i++) {
                    values[i] = halfToFloat(buffer.getShort(2 * i));
                }
            }
            case BF16 -> {
                for (int i = 0; i < numel; i++) {
                    values[i] = bfloat16ToFloat(buffer.getShort(2 * i));
                }
            }
            default -> throw new IllegalStateException(this + " tensors are skipped, never decoded");
        }
        return values;
    }

    /**
     * IEEE 754 binary16 to binary32, bit-exact: NaN payloads and the sign of zero are kept and
     * subnormal halves become normal floats. Written by hand because Float.float16ToFloat needs Java 20.
     */
    static float halfToFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            // Infinity (mantissa 0) or NaN: all-ones float exponent, mantissa moved to the top bits.
            return Float.intBitsToFloat(sign | 0x7f80_0000 | (mantissa << 13));
        }
        if (exponent == 0) {
            // Zero or subnormal: mantissa * 2^-24, exact in float since mantissa has only 10 bits.
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        // Normal: rebias the exponent from 15 to 127 and widen the mantissa from 10 to 23 bits.
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }

    /** bfloat16 to binary32: a bfloat16 is exactly the upper 16 bits of a float. */
    static float bfloat16ToFloat(short bfloat16) {
        return Float.intBitsToFloat((bfloat16 & 0xffff) << 16);
    }
}
