package io.eaadam.common.safetensors;

import static io.eaadam.common.safetensors.SafeTensorsBytes.SOURCE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eaadam.common.genome.Genome;
import io.eaadam.common.genome.TensorLayout;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SafeTensorsTest {

    private static byte[] write(Genome genome, Map<String, String> metadata) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SafeTensors.write(genome, metadata, out);
        return out.toByteArray();
    }

    private static Genome randomGenome(TensorLayout layout, long seed) {
        Random random = new Random(seed);
        float[] values = new float[layout.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return new Genome(layout, values);
    }

    @Test
    void roundTripKeepsLayoutValuesAndMetadata() throws IOException {
        TensorLayout layout = TensorLayout.builder()
                .add("conv_first.weight", 64, 3, 3, 3)
                .add("conv_first.bias", 64)
                .add("scale", new int[0])
                .add("empty", 0)
                .add("empty2d", 3, 0)
                .add("body.0.rdb1.conv1.weight", 32, 64, 3, 3)
                .build();
        Genome genome = randomGenome(layout, 1);
        // Special values are data and must survive bit for bit.
        genome.values()[0] = Float.NaN;
        genome.values()[1] = -0.0f;
        genome.values()[2] = Float.POSITIVE_INFINITY;
        genome.values()[3] = Float.MIN_VALUE;
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("generation", "17");
        metadata.put("note", "unicode \u00e9\u4e2d \"quoted\" <tag>");

        byte[] bytes = write(genome, metadata);
        SafeTensorsFile file = SafeTensors.read(new ByteArrayInputStream(bytes), SOURCE);

        assertEquals(metadata, file.metadata());
        assertEquals(SOURCE, file.sourceName());
        assertEquals(List.copyOf(layout.names()), file.tensors().stream().map(SafeTensor::name).toList());
        file.tensors().forEach(t -> assertEquals("F32", t.dtype()));
        assertArrayEquals(new int[0], file.tensors().get(2).shape());
        assertEquals(0, file.tensors().get(3).values().length);
        assertEquals(genome, file.toGenome(layout));
        assertEquals(genome, file.toGenome());
        // Data starts 8-byte aligned, as with the reference writer.
        long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8);
        assertEquals(8 + headerLength + 4L * layout.size(), bytes.length);
    }

    @Test
    void writesTheHeaderBytesTheSpecPrescribes() throws IOException {
        TensorLayout layout = TensorLayout.builder().add("w", 2).add("b", new int[0]).build();
        Genome genome = new Genome(layout, new float[] {1.0f, -2.0f, 0.5f});

        byte[] bytes = write(genome, Map.of("format", "pt"));

        // Counted by hand: 138 bytes of compact JSON, padded with 6 spaces to 144 = 0x90.
        String json = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[8,12]}}"
                + "      ";
        byte[] expected = SafeTensorsBytes.concat(
                new byte[] {(byte) 0x90, 0, 0, 0, 0, 0, 0, 0},
                json.getBytes(UTF_8),
                new byte[] {0, 0, (byte) 0x80, 0x3f, 0, 0, 0, (byte) 0xc0, 0, 0, 0, 0x3f});
        assertEquals(164, expected.length);
        assertArrayEquals(expected, bytes);
    }

    @Test
    void omitsEmptyMetadataAndPadsAnEmptyGenome() throws IOException {
        byte[] bytes = write(Genome.zeros(TensorLayout.builder().build()), Map.of());

        assertArrayEquals(SafeTensorsBytes.concat(new byte[] {8, 0, 0, 0, 0, 0, 0, 0}, "{}      ".getBytes(UTF_8)),
                bytes);
        SafeTensorsFile file = SafeTensors.read(bytes, SOURCE);
        assertTrue(file.metadata().isEmpty());
        assertTrue(file.tensors().isEmpty());
    }

    @Test
    void writesMetadataSortedSoTheBytesDoNotDependOnTheMap() throws IOException {
        Genome genome = Genome.zeros(TensorLayout.builder().add("w", 1).build());
        Map<String, String> hashed = new HashMap<>();
        Map<String, String> reversed = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            hashed.put("key" + i, "v" + i);
        }
        for (int i = 19; i >= 0; i--) {
            reversed.put("key" + i, "v" + i);
        }

        byte[] bytes = write(genome, hashed);

        assertArrayEquals(bytes, write(genome, reversed));
        List<String> keys = List.copyOf(SafeTensors.read(bytes, SOURCE).metadata().keySet());
        assertEquals(keys.stream().sorted().toList(), keys);
    }

    @Test
    void refusesToWriteWhatCannotBeReadBack() {
        Genome reserved = Genome.zeros(TensorLayout.builder().add("__metadata__", 1).build());
        assertThrows(IllegalArgumentException.class, () -> write(reserved, Map.of()));
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("key", null);
        Genome genome = Genome.zeros(TensorLayout.builder().add("w", 1).build());
        assertThrows(IllegalArgumentException.class, () -> write(genome, nullValue));
    }

    /** Times a realistic model size; reported, not asserted, since CI machines vary. */
    @Test
    void largeGenomeRoundTrip() throws IOException {
        TensorLayout.Builder builder = TensorLayout.builder();
        for (int i = 0; i < 40; i++) {
            builder.add("body." + i + ".conv.weight", 64, 64, 3, 3);
        }
        builder.add("tail.weight", 25_440);
        TensorLayout layout = builder.build();
        assertEquals(1_500_000, layout.size());
        Genome genome = randomGenome(layout, 2);

        ByteArrayOutputStream out = new ByteArrayOutputStream(8 * 1024 * 1024);
        SafeTensors.write(genome, Map.of("format", "pt"), out);
        Genome readBack = SafeTensors.read(new ByteArrayInputStream(out.toByteArray()), SOURCE).toGenome(layout);
        assertEquals(genome, readBack);
    }
}
