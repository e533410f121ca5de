package io.eaadam.common.safetensors;

import static io.eaadam.common.safetensors.SafeTensorsBytes.SOURCE;
import static io.eaadam.common.safetensors.SafeTensorsBytes.assertRejected;
import static io.eaadam.common.safetensors.SafeTensorsBytes.concat;
import static io.eaadam.common.safetensors.SafeTensorsBytes.file;
import static io.eaadam.common.safetensors.SafeTensorsBytes.floats;
import static io.eaadam.common.safetensors.SafeTensorsBytes.longs;
import static io.eaadam.common.safetensors.SafeTensorsBytes.shorts;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every malformed file gives a SafeTensorsFormatException naming the source and the problem. */
class SafeTensorsCorruptionTest {

    /** A valid file with metadata, every readable dtype and a skipped counter, 26 data bytes. */
    private static final String VALID_JSON = "{\"__metadata__\":{\"format\":\"pt\"},"
            + "\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]},"
            + "\"h\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[16,18]},"
            + "\"bn.num_batches_tracked\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[18,26]}}";
    private static final byte[] VALID_DATA = concat(floats(1, 2, 3, 4), shorts(0x3c00), longs(7));

    /** One tensor entry {@code t} with the given fields; {@code data} is its buffer. */
    private static Arguments entry(String fields, int dataBytes, String problem) {
        return Arguments.of("{\"t\":{" + fields + "}}", new byte[dataBytes], problem);
    }

    static Stream<Arguments> malformedHeaders() {
        return Stream.of(
                Arguments.of("[1,2]", new byte[0], "header is not a JSON object"),
                Arguments.of("\"text\"", new byte[0], "header is not a JSON object"),
                Arguments.of(" {}", new byte[0], "header is not a JSON object"),
                Arguments.of("{", new byte[0], "header is not valid JSON"),
                Arguments.of("{\"t\":", new byte[0], "header is not valid JSON"),
                Arguments.of("{'t':1}", new byte[0], "header is not valid JSON"),
                Arguments.of("{} x", new byte[0], "header is not valid JSON"),
                Arguments.of("{}{}", new byte[0], "header is not valid JSON"),
                Arguments.of("{\"a\":{\"dtype\":\"F32\",/*c*/\"shape\":[],\"data_offsets\":[0,4]}}", new byte[4],
                        "header is not valid JSON"),
                Arguments.of("{\"__metadata__\":[]}", new byte[0], "__metadata__ must be a JSON object of strings"),
                Arguments.of("{\"__metadata__\":{\"k\":1}}", new byte[0], "__metadata__ value of 'k' must be a string"),
                Arguments.of("{\"__metadata__\":{\"k\":\"a\",\"k\":\"b\"}}", new byte[0],
                        "duplicate key 'k' in __metadata__"),
                Arguments.of("{\"__metadata__\":{},\"__metadata__\":{}}", new byte[0],
                        "duplicate key '__metadata__' in header"),
                Arguments.of("{\"t\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]},"
                        + "\"t\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[4,8]}}", new byte[8],
                        "duplicate key 't' in header"),
                Arguments.of("{\"\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}", new byte[4],
                        "tensor with an empty name"),
                Arguments.of("{\"t\":5}", new byte[0], "tensor 't' must be a JSON object"),
                entry("\"shape\":[],\"data_offsets\":[0,4]", 4, "tensor 't' has no dtype"),
                entry("\"dtype\":\"F32\",\"data_offsets\":[0,4]", 4, "tensor 't' has no shape"),
                entry("\"dtype\":\"F32\",\"shape\":[]", 4, "tensor 't' has no data_offsets"),
                entry("\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]", 4,
                        "tensor 't' has a duplicate field 'dtype'"),
                entry("\"dtype\":32,\"shape\":[],\"data_offsets\":[0,4]", 4, "tensor 't' has a dtype that is not a string"),
                entry("\"dtype\":\"F32\",\"shape\":\"1\",\"data_offsets\":[0,4]", 4,
                        "tensor 't' has a shape that is not an array of integers"),
                entry("\"dtype\":\"F32\",\"shape\":[\"1\"],\"data_offsets\":[0,4]", 4,
                        "tensor 't' has a shape that is not an array of integers"),
                entry("\"dtype\":\"F32\",\"shape\":[1.0],\"data_offsets\":[0,4]", 4,
                        "tensor 't' has a shape that is not an array of integers: '1.0'"),
                entry("\"dtype\":\"F32\",\"shape\":[1e0],\"data_offsets\":[0,4]", 4,
                        "tensor 't' has a shape that is not an array of integers: '1e0'"),
                entry("\"dtype\":\"F32\",\"shape\":[[1]],\"data_offsets\":[0,4]", 4,
                        "tensor 't' has a shape that is not an array of integers"),
                entry("\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":{}", 4,
                        "tensor 't' has a data_offsets that is not an array of integers"),
                entry("\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,null]", 4,
                        "tensor 't' has a data_offsets that is not an array of integers"),
                entry("\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[4]", 4,
                        "tensor 't' has data_offsets [4] instead of [begin, end]"),
                entry("\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4,4]", 4,
                        "tensor 't' has data_offsets [0, 4, 4] instead of [begin, end]"),
                entry("\"dtype\":\"F32\",\"shape\":[2,-1],\"data_offsets\":[0,4]", 4,
                        "tensor 't' has a negative dimension '-1' in its shape"),
                entry("\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[-4,0]", 4,
                        "tensor 't' has a negative offset '-4' in its data_offsets"),
                entry("\"dtype\":\"F32\",\"shape\":[99999999999999999999],\"data_offsets\":[0,4]", 4,
                        "tensor 't' has a dimension too large for this reader: '99999999999999999999'"),
                entry("\"dtype\":\"F32\",\"shape\":[4294967296,0],\"data_offsets\":[0,0]", 0,
                        "tensor 't' has a dimension too large for this reader: 4294967296"),
                entry("\"dtype\":\"F32\",\"shape\":[65536,65536,65536],\"data_offsets\":[0,4]", 4,
                        "tensor 't' has shape [65536, 65536, 65536] with 2^31 elements or more"),
                entry("\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[8,4]", 8,
                        "tensor 't' has data_offsets [8, 4] whose begin is after its end"),
                entry("\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]", 4,
                        "tensor 't' has data_offsets [0, 8] beyond the data buffer of 4 bytes"),
                entry("\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,20]", 20,
                        "tensor 't' of dtype F32 and shape [2, 3] needs 24 bytes but its data_offsets [0, 20] span 20"),
                entry("\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[0,4]", 4,
                        "tensor 't' of dtype BF16 and shape [3] needs 6 bytes"),
                entry("\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[0,8]", 8, "tensor 't' has unsupported dtype 'F64'"),
                entry("\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]", 8, "tensor 't' has unsupported dtype 'I64'"),
                entry("\"dtype\":\"f32\",\"shape\":[],\"data_offsets\":[0,4]", 4, "tensor 't' has unsupported dtype 'f32'"),
                entry("\"dtype\":\"U8\",\"shape\":[],\"data_offsets\":[0,1]", 1, "tensor 't' has unsupported dtype 'U8'"),
                Arguments.of("{\"bn.num_batches_tracked\":{\"dtype\":\"U8\",\"shape\":[],\"data_offsets\":[0,1]}}",
                        new byte[1], "tensor 'bn.num_batches_tracked' has unsupported dtype 'U8'"),
                Arguments.of("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", new byte[12],
                        "tensors 'a' and 'b' overlap: data_offsets [0, 8] and [4, 12]"),
                Arguments.of("{\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}", new byte[4],
                        "tensors 'a' and 'b' overlap"),
                Arguments.of("{\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[8,12]}}", new byte[12],
                        "bytes [4, 8) of the data buffer, before tensor 'b', belong to no tensor"),
                entry("\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[4,8]", 8,
                        "bytes [0, 4) of the data buffer, before tensor 't', belong to no tensor"),
                entry("\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]", 6,
                        "the last 2 bytes of the data buffer (from offset 4) belong to no tensor"),
                Arguments.of("{}", new byte[3], "the last 3 bytes of the data buffer (from offset 0) belong to no tensor"));
    }

    @ParameterizedTest
    @MethodSource("malformedHeaders")
    void rejectsMalformedHeaders(String json, byte[] data, String problem) {
        assertRejected(file(json, data), problem);
    }

    @Test
    void rejectsFilesShorterThanTheLength() {
        for (int length = 0; length < 8; length++) {
            assertRejected(new byte[length], "file of " + length + " bytes is shorter than the 8-byte header length");
        }
    }

    @Test
    void rejectsHeaderLengthsBeyondTheLimitOrTheFile() {
        byte[] small = concat(longs(100_000_001L), "{}".getBytes(UTF_8));
        assertRejected(small, "header length 100000001 exceeds the limit of 100000000 bytes");
        byte[] unsigned = concat(longs(-1L), "{}".getBytes(UTF_8));
        assertRejected(unsigned, "header length 18446744073709551615 exceeds the limit");
        byte[] beyond = concat(longs(1000), "{}".getBytes(UTF_8));
        assertRejected(beyond, "header length 1000 exceeds the 2 bytes after the length");
    }

    @Test
    void rejectsHeadersThatAreNotUtf8() {
        byte[] header = {'{', '"', (byte) 0xff, '"', ':', '{', '}', '}'};
        assertRejected(concat(longs(header.length), header), "header is not valid UTF-8");
        // An overlong encoding of '{' must not sneak through as a character.
        byte[] overlong = {(byte) 0xc1, (byte) 0xbb, '}'};
        assertRejected(concat(longs(overlong.length), overlong), "header is not valid UTF-8");
    }

    @Test
    void theValidBaseFileReads() throws IOException {
        SafeTensorsFile file = SafeTensors.read(file(VALID_JSON, VALID_DATA), SOURCE);

        assertEquals(2, file.tensors().size());
        assertEquals("pt", file.metadata().get("format"));
    }

    /** Each truncation cuts the header or leaves tensors beyond the buffer, both format errors. */
    @Test
    void everyTruncationIsAFormatError() {
        byte[] valid = file(VALID_JSON, VALID_DATA);
        for (int length = 0; length < valid.length; length++) {
            byte[] truncated = Arrays.copyOf(valid, length);
            try {
                SafeTensors.read(truncated, SOURCE);
                fail("truncation to " + length + " bytes was accepted");
            } catch (SafeTensorsFormatException e) {
                SafeTensorsBytes.assertMessage(e, "");
            } catch (RuntimeException e) {
                throw new AssertionError("truncation to " + length + " bytes threw " + e, e);
            }
        }
    }

    /** The header alone gives read's names and shapes, and refuses every truncation of the file as read does. */
    @Test
    void theHeaderAloneGivesTheShapesAndRefusesEveryTruncation() throws IOException {
        byte[] valid = file(VALID_JSON, VALID_DATA);
        Map<String, int[]> shapes = SafeTensors.shapes(new ByteArrayInputStream(valid), valid.length, SOURCE);
        List<SafeTensor> tensors = SafeTensors.read(valid, SOURCE).tensors();
        assertEquals(tensors.stream().map(SafeTensor::name).toList(), List.copyOf(shapes.keySet()));
        for (SafeTensor tensor : tensors) {
            assertArrayEquals(tensor.shape(), shapes.get(tensor.name()), tensor.name());
        }
        for (int length = 0; length < valid.length; length++) {
            byte[] truncated = Arrays.copyOf(valid, length);
            try {
                SafeTensors.shapes(new ByteArrayInputStream(truncated), length, SOURCE);
                fail("truncation to " + length + " bytes was accepted");
            } catch (SafeTensorsFormatException e) {
                SafeTensorsBytes.assertMessage(e, "");
            }
        }
    }

    /** Random byte changes either still read or give a format error, never another exception. */
    @Test
    void randomCorruptionNeverEscapesAsAnotherException() {
        byte[] valid = file(VALID_JSON, VALID_DATA);
        Random random = new Random(42);
        int rejected = 0;
        for (int trial = 0; trial < 20_000; trial++) {
            byte[] corrupt = valid.clone();
            int changes = 1 + random.nextInt(3);
            for (int c = 0; c < changes; c++) {
                // Mostly the header, where the parsing is; printable bytes reach deeper into the JSON.
                int at = random.nextInt(8 + VALID_JSON.length());
                corrupt[at] = random.nextBoolean() ? (byte) random.nextInt(256) : (byte) (32 + random.nextInt(95));
            }
            try {
                SafeTensors.read(corrupt, SOURCE);
            } catch (SafeTensorsFormatException e) {
                SafeTensorsBytes.assertMessage(e, "");
                rejected++;
            } catch (RuntimeException e) {
                throw new AssertionError("corruption " + trial + " threw " + e, e);
            }
        }
        assertTrue(rejected > 10_000, "the corruptions should mostly be caught, got " + rejected);
    }

    @Test
    void nanIsDataNotCorruption() throws IOException {
        String json = "{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";

        float[] values = SafeTensors.read(file(json, floats(Float.NaN, 1f)), SOURCE).tensors().get(0).values();

        assertTrue(Float.isNaN(values[0]));
        assertEquals(1f, values[1]);
    }

    @Test
    void treatsNullMetadataAsNone() throws IOException {
        assertTrue(SafeTensors.read(file("{\"__metadata__\":null}", new byte[0]), SOURCE).metadata().isEmpty());
    }

    @Test
    void survivesDeepNestingInUnknownFields() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        String json = "{\"t\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4],\"x\":" + deep + "}}";
        assertRejected(file(json, new byte[4]), "header is not valid JSON");
    }

    @Test
    void acceptsZeroSizeTensorsAnywhereInTheTiling() throws IOException {
        String json = "{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"c\":{\"dtype\":\"F16\",\"shape\":[2,0],\"data_offsets\":[4,4]},"
                + "\"d\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[4,8]},"
                + "\"extra\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,8],\"future_field\":{\"x\":[1]}}}";

        SafeTensorsFile file = SafeTensors.read(file(json, floats(1, 2)), SOURCE);

        assertEquals(5, file.tensors().size());
        assertEquals(2, file.toGenome().values().length);
    }
}
