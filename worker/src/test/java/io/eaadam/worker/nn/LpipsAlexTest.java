package io.eaadam.worker.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import com.google.gson.Gson;
import com.google.gson.JsonObject;

import io.eaadam.common.genome.Genome;
import io.eaadam.common.genome.TensorLayout;
import io.eaadam.common.image.Image;
import io.eaadam.common.image.ImageCodec;
import io.eaadam.common.safetensors.SafeTensorsFiles;
import io.eaadam.worker.runtime.GradMode;
import io.eaadam.worker.runtime.TorchRuntime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * LPIPS against an independent PyTorch implementation (tools/reference/make_lpips_golden.py), with
 * weights from a formula both sides compute, written and loaded as the lpips package's safetensors.
 */
class LpipsAlexTest {

    @TempDir
    Path dir;

    @Test
    void matchesThePyTorchReference() throws IOException {
        JsonObject golden = new Gson().fromJson(new String(bytes("golden/lpips_alex.json"), StandardCharsets.UTF_8),
                JsonObject.class);
        try (NDManager manager = NDManager.newBaseManager(TorchRuntime.ENGINE);
                LpipsAlex lpips = new LpipsAlex(manager);
                GradMode ignored = GradMode.disabled()) {
            String file = dir.resolve("lpips_alex.safetensors").toString();
            SafeTensorsFiles.write(file, formulaWeights(lpips.weights().stateDictLayout()), Map.of("format", "pt"));
            lpips.weights().loadStateDict(SafeTensorsFiles.read(file).toGenome(lpips.weights().stateDictLayout()));
            NDArray a = image(manager, golden.get("a").getAsString());
            NDArray b = image(manager, golden.get("b").getAsString());
            double expected = golden.get("distance").getAsDouble();
            assertEquals(expected, lpips.distance(a, b).getFloat(0), 1e-5 * Math.max(1, expected));
            assertEquals(0.0, lpips.distance(a, a).getFloat(0), 1e-7);
            assertEquals(expected, lpips.distance(b, a).getFloat(0), 1e-5 * Math.max(1, expected), "symmetric");
        }
    }

    /** The script's formula: tensor t, element i. */
    private static Genome formulaWeights(TensorLayout layout) {
        Genome genome = Genome.zeros(layout);
        for (int t = 0; t < layout.tensorCount(); t++) {
            String name = layout.spec(t).name();
            int[] shape = layout.spec(t).shape();
            float[] values = new float[layout.numel(t)];
            for (int i = 0; i < values.length; i++) {
                if (name.startsWith("lin")) {
                    values[i] = (float) (0.1 * Math.abs(Math.sin(0.3 * i + t)));
                } else if (name.endsWith(".bias")) {
                    values[i] = (float) (0.01 * Math.cos(i + t));
                } else {
                    values[i] = (float) (Math.sin(0.7 * i + t + 1) / Math.sqrt(shape[1] * shape[2] * shape[3]));
                }
            }
            genome.setTensor(name, values);
        }
        return genome;
    }

    private static NDArray image(NDManager manager, String name) throws IOException {
        Image rgb = ImageCodec.decode(bytes("golden/" + name), name).rgb();
        return manager.create(rgb.data(), new Shape(1, 3, rgb.height(), rgb.width()));
    }

    private static byte[] bytes(String resource) throws IOException {
        try (InputStream in = LpipsAlexTest.class.getClassLoader().getResourceAsStream(resource)) {
            return in.readAllBytes();
        }
    }
}
