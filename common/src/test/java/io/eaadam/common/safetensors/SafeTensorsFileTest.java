package io.eaadam.common.safetensors;

import static io.eaadam.common.safetensors.SafeTensorsBytes.SOURCE;
import static io.eaadam.common.safetensors.SafeTensorsBytes.assertMessage;
import static io.eaadam.common.safetensors.SafeTensorsBytes.concat;
import static io.eaadam.common.safetensors.SafeTensorsBytes.file;
import static io.eaadam.common.safetensors.SafeTensorsBytes.floats;
import static io.eaadam.common.safetensors.SafeTensorsBytes.longs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eaadam.common.genome.Genome;
import io.eaadam.common.genome.TensorLayout;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Loading a file's tensors into a genome by name, as checkpoints from PyTorch need. */
class SafeTensorsFileTest {

    /** A DataParallel checkpoint with BatchNorm counters: module. prefixes, I64 and I32 counters. */
    private static final String DATA_PARALLEL_JSON = "{"
            + "\"module.conv.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
            + "\"module.bn.num_batches_tracked\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[8,16]},"
            + "\"module.conv.weight\":{\"dtype\":\"F32\",\"shape\":[2,1],\"data_offsets\":[16,24]},"
            + "\"module.bn2.num_batches_tracked\":{\"dtype\":\"I32\",\"shape\":[],\"data_offsets\":[24,28]}}";
    private static final byte[] DATA_PARALLEL_DATA =
            concat(floats(1, 2), longs(12345), floats(3, 4), new byte[] {1, 0, 0, 0});

    private static SafeTensorsFile read(String json, byte[] data) throws IOException {
        return SafeTensors.read(file(json, data), SOURCE);
    }

    private static String f32(String name, int begin, int... shape) {
        int numel = 1;
        StringBuilder dims = new StringBuilder();
        for (int d : shape) {
            numel *= d;
            dims.append(dims.length() == 0 ? "" : ",").append(d);
        }
        return "\"" + name + "\":{\"dtype\":\"F32\",\"shape\":[" + dims + "],\"data_offsets\":[" + begin + ","
                + (begin + 4 * numel) + "]}";
    }

    @Test
    void stripsDataParallelPrefixesSkipsCountersAndFollowsTheExpectedOrder() throws IOException {
        SafeTensorsFile file = read(DATA_PARALLEL_JSON, DATA_PARALLEL_DATA);
        TensorLayout expected = TensorLayout.builder().add("conv.weight", 2, 1).add("conv.bias", 2).build();

        Genome genome = file.toGenome(expected);

        assertEquals(List.of("module.conv.bias", "module.conv.weight"),
                file.tensors().stream().map(SafeTensor::name).toList());
        assertEquals(expected, genome.layout());
        assertArrayEquals(new float[] {3, 4, 1, 2}, genome.values());
    }

    @Test
    void buildsItsOwnLayoutInFileOrder() throws IOException {
        Genome genome = read(DATA_PARALLEL_JSON, DATA_PARALLEL_DATA).toGenome();

        assertEquals(TensorLayout.builder().add("conv.bias", 2).add("conv.weight", 2, 1).build(), genome.layout());
        assertArrayEquals(new float[] {1, 2, 3, 4}, genome.values());
    }

    @Test
    void ignoresFloatingPointCountersToo() throws IOException {
        String json = "{" + f32("w", 0, 1) + "," + f32("bn.num_batches_tracked", 4) + "}";
        SafeTensorsFile file = read(json, floats(5, 6));

        assertEquals(2, file.tensors().size());
        assertEquals(TensorLayout.builder().add("w", 1).build(), file.toGenome().layout());
        assertArrayEquals(new float[] {5}, file.toGenome(TensorLayout.builder().add("w", 1).build()).values());
    }

    @Test
    void reportsMissingUnexpectedAndMisshapenTensorsTogether() throws IOException {
        String json = "{" + f32("a", 0, 2) + "," + f32("extra", 8, 1) + "," + f32("c", 12, 3, 1) + "}";
        SafeTensorsFile file = read(json, new byte[24]);
        TensorLayout expected = TensorLayout.builder().add("a", 2).add("b", 4).add("c", 1, 3).build();

        SafeTensorsFormatException e = assertThrows(SafeTensorsFormatException.class, () -> file.toGenome(expected));

        assertMessage(e, "tensors do not match the expected layout of 3 tensors: missing 1: 'b'; unexpected 1: "
                + "'extra'; wrong shape 1: 'c' [3, 1] instead of [1, 3]");
        assertEquals(SOURCE, e.sourceName());
    }

    @Test
    void listsTenNamesAndCountsTheRest() throws IOException {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < 25; i++) {
            json.append(i == 0 ? "" : ",").append(f32("t" + i, 4 * i));
        }
        SafeTensorsFile file = read(json.append("}").toString(), new byte[100]);

        SafeTensorsFormatException e = assertThrows(SafeTensorsFormatException.class,
                () -> file.toGenome(TensorLayout.builder().build()));

        assertMessage(e, "unexpected 25: 't0', 't1', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 't9' and 15 more");
        assertFalse(e.getMessage().contains("'t10'"));
    }

    @Test
    void rejectsNamesThatCoincideWithoutThePrefix() throws IOException {
        SafeTensorsFile file = read("{" + f32("module.w", 0) + "," + f32("w", 4) + "}", new byte[8]);

        SafeTensorsFormatException e = assertThrows(SafeTensorsFormatException.class, file::toGenome);

        assertMessage(e, "tensors 'module.w' and 'w' both load as 'w'");
    }

    @Test
    void keepsMessagesOneLineAndShortWhateverTheNames() throws IOException {
        String longName = "x".repeat(10_000);
        SafeTensorsFile file = read("{" + f32("line\\nbreak", 0) + "," + f32(longName, 4) + "}", new byte[8]);

        SafeTensorsFormatException e = assertThrows(SafeTensorsFormatException.class,
                () -> file.toGenome(TensorLayout.builder().build()));

        assertMessage(e, "'line\\u000abreak'");
        assertMessage(e, "...' (10000 chars)");
        assertTrue(e.getMessage().length() < 500, e.getMessage());
    }
}
