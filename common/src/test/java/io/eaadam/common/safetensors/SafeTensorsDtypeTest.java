package io.eaadam.common.safetensors;

import static io.eaadam.common.safetensors.SafeTensorsBytes.SOURCE;
import static io.eaadam.common.safetensors.SafeTensorsBytes.file;
import static io.eaadam.common.safetensors.SafeTensorsBytes.shorts;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** F16 and BF16 decoding against bit patterns worked out from IEEE 754 and the bfloat16 definition. */
class SafeTensorsDtypeTest {

    private static float[] readOne(String dtype, int... words) throws IOException {
        String json = "{\"t\":{\"dtype\":\"" + dtype + "\",\"shape\":[" + words.length + "],\"data_offsets\":[0,"
                + 2 * words.length + "]}}";
        SafeTensor tensor = SafeTensors.read(file(json, shorts(words)), SOURCE).tensors().get(0);
        assertEquals(dtype, tensor.dtype());
        return tensor.values();
    }

    /** Compares bit patterns, so that -0.0 differs from 0.0 and NaN payloads count. */
    private static void assertBits(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            int index = i;
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                    () -> "element " + index + ": expected " + expected[index] + ", got " + actual[index]);
        }
    }

    @Test
    void readsF16Exactly() throws IOException {
        float[] values = readOne("F16",
                0x3c00, // 1
                0xc000, // -2
                0x3555, // 0x155/1024 mantissa, exponent -2: 1365/4096
                0x7bff, // largest finite half
                0x0400, // smallest normal half
                0x0001, // smallest subnormal half
                0x03ff, // largest subnormal half
                0x8001, // negative subnormal
                0x0000,
                0x8000, // negative zero
                0x7c00,
                0xfc00,
                0x7e00); // quiet NaN

        assertBits(new float[] {
            1f, -2f, 1365f / 4096, 65504f, 0x1p-14f, 0x1p-24f, 0x3ffp-24f, -0x1p-24f, 0f, -0f,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.intBitsToFloat(0x7fc0_0000)
        }, values);
    }

    @Test
    void keepsF16NanPayloadAndSign() throws IOException {
        float[] values = readOne("F16", 0xfe01, 0x7c01);

        assertEquals(0xffc0_2000, Float.floatToRawIntBits(values[0]));
        // A signalling NaN: the payload moves to the top of the float mantissa, so it stays NaN.
        assertTrue(Float.isNaN(values[1]));
    }

    @Test
    void halfConversionMatchesTheDefinitionForAllFiniteHalves() {
        for (int bits = 0; bits < 0x10000; bits++) {
            int exponent = (bits >>> 10) & 0x1f;
            if (exponent == 0x1f) {
                continue;
            }
            int mantissa = bits & 0x3ff;
            // value = (-1)^sign * mantissa * 2^-24 for subnormals, (1024 + mantissa) * 2^(exponent - 25) else.
            double magnitude = exponent == 0
                    ? mantissa * Math.pow(2, -24)
                    : (1024 + mantissa) * Math.pow(2, exponent - 25);
            float expected = (float) ((bits & 0x8000) != 0 ? -magnitude : magnitude);
            assertEquals(Float.floatToRawIntBits(expected),
                    Float.floatToRawIntBits(SafeTensorsDtype.halfToFloat((short) bits)), "half 0x" + Integer.toHexString(bits));
        }
    }

    @Test
    void readsBf16Exactly() throws IOException {
        float[] values = readOne("BF16",
                0x3f80, // 1
                0xc000, // -2
                0x3eab, // mantissa 0x2b/128, exponent -2: 171/512
                0x7f7f, // largest finite bfloat16
                0x0080, // smallest normal, as for float
                0x0001, // smallest subnormal: float bits 0x00010000
                0x8000, // negative zero
                0x7f80,
                0xff80,
                0x7fc0); // quiet NaN

        assertBits(new float[] {
            1f, -2f, 171f / 512, 0x1.fep127f, 0x1p-126f, 0x1p-133f, -0f,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.intBitsToFloat(0x7fc0_0000)
        }, values);
    }

    @Test
    void readsMixedDtypesInOneFile() throws IOException {
        String json = "{\"a\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[4,8]},"
                + "\"c\":{\"dtype\":\"F16\",\"shape\":[1,1],\"data_offsets\":[8,10]}}";
        byte[] data = SafeTensorsBytes.concat(shorts(0x3f80, 0x4000), SafeTensorsBytes.floats(3f), shorts(0x4400));

        SafeTensorsFile file = SafeTensors.read(file(json, data), SOURCE);

        assertArrayEquals(new float[] {1f, 2f, 3f, 4f}, file.toGenome().values());
    }
}
