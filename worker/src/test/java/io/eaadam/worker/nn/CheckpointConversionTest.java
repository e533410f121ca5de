package io.eaadam.worker.nn;

import static io.eaadam.worker.testing.Arrays2.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import io.eaadam.common.config.ArchitectureChoice;
import io.eaadam.common.config.ArchitectureDetection;
import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.store.ModelCard;
import io.eaadam.worker.runtime.GradMode;
import io.eaadam.worker.runtime.TorchRuntime;
import io.eaadam.worker.testing.Golden;
import io.eaadam.worker.testing.PyTorch;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

/**
 * The checkpoints users have, as PyTorch writes them (tools/reference/make_checkpoints.py: Real-ESRGAN's
 * params_ema/params files of RRDBNet x4 and x2 and SRVGGNetCompact, both layouts of the original ESRGAN
 * repository), converted by tools/convert_pth.py, load without architecture options and give PyTorch's
 * output.
 */
class CheckpointConversionTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void writeCheckpoints() throws Exception {
        PyTorch.assumeAvailable();
        PyTorch.runTool("reference/make_checkpoints.py", dir);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "realesrgan_x4plus | --arch rrdb --scale 4 --num-feat 8 --num-block 2 --num-grow-ch 4",
        "realesrgan_x2plus | --arch rrdb --scale 2 --num-feat 8 --num-block 2 --num-grow-ch 4",
        "realesr_general   | --arch srvgg --scale 4 --num-feat 8 --num-block 4",
        "esrgan_first      | --arch rrdb --scale 4 --num-feat 8 --num-block 2 --num-grow-ch 4",
        "esrgan_later      | --arch rrdb --scale 4 --num-feat 8 --num-block 2 --num-grow-ch 4",
        "swinir_classical  | --arch swinir --scale 4 (embed-dim 12, depths 2,2, num-heads 2,3, window-size 4, mlp-ratio 2, "
            + "upsampler pixelshuffle, resi-connection 3conv, img-size 64, num-feat 64)",
        "swinir_light      | --arch swinir --scale 2 (embed-dim 12, depths 2,2, num-heads 2,3, window-size 4, mlp-ratio 2, "
            + "upsampler pixelshuffledirect, resi-connection 1conv, img-size 64)"})
    void convertedCheckpointLoadsWithoutOptionsAndGivesPyTorchsOutput(String name, String options) throws Exception {
        Path converted = dir.resolve(name + ".safetensors");
        PyTorch.runTool("convert_pth.py", dir.resolve(name + ".pth"), converted);
        EaAdamConfig.Model model = ModelCard.modelAt(converted.toString(),
                new ArchitectureChoice(null, null, null, null, null));
        assertEquals(options, ArchitectureDetection.options(model));
        Golden outputs = Golden.read(dir.resolve("outputs.safetensors"));
        try (NDManager manager = NDManager.newBaseManager(TorchRuntime.ENGINE);
                GradMode ignored = GradMode.disabled();
                Generator generator = Models.generator(model, manager, 0)) {
            NDArray sr = generator.forward(outputs.array(manager, "lr"));
            assertClose(outputs.tensor("sr." + name).values(), sr.toFloatArray(), 1e-5, name);
        }
    }
}
