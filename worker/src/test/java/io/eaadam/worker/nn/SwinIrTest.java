package io.eaadam.worker.nn;

import static io.eaadam.worker.testing.Arrays2.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.eaadam.common.config.ArchitectureDetection;
import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.config.SwinSettings;
import io.eaadam.common.genome.Genome;
import io.eaadam.common.genome.TensorLayout;
import io.eaadam.worker.runtime.GradMode;
import io.eaadam.worker.runtime.TorchRuntime;
import io.eaadam.worker.testing.Golden;
import io.eaadam.worker.train.Adam;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SwinIR against BasicSR's module (tools/reference/make_golden.py, on 9x11 inputs that are mirror-padded to the
 * window): every upsampler, both residual connections, a window shrunk to a small img_size, and the gradient
 * of an L1 step; and the published sizes build and train a step.
 */
class SwinIrTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"swinir_ps_x4_1conv", "swinir_ps_x3_3conv", "swinir_psd_x2", "swinir_nc_x4_3conv",
        "swinir_none_x1", "swinir_small_img"})
    void matchesBasicSr(String name) {
        Golden weights = Golden.load(name);
        Golden io = Golden.load(name + "_io");
        try (NDManager manager = NDManager.newBaseManager(TorchRuntime.ENGINE);
                GradMode ignored = GradMode.disabled();
                Generator net = Generator.create(model(weights), manager)) {
            net.weights().loadStateDict(weights.genome(net.weights().stateDictLayout()));
            float[] sr = net.forward(io.array(manager, "lr")).toFloatArray();
            // Outputs reach about 9 in magnitude (strongly perturbed weights); one grey level is 0.004.
            assertClose(io.tensor("sr").values(), sr, 1e-4, name);
        }
    }

    @Test
    void aSideShorterThanItsPaddingIsMirroredBackAndForth() {
        try (NDManager manager = NDManager.newBaseManager(TorchRuntime.ENGINE)) {
            NDArray row = manager.create(new float[] {0, 1, 2}, new Shape(1, 1, 1, 3));
            // SwinIR's flip and concatenation, repeated: 0 1 2 | 2 1 0 | 0 1.
            assertEquals(List.of(0f, 1f, 2f, 2f, 1f, 0f, 0f, 1f), box(Ops.mirrorPadEnd(row, 5, 0).toFloatArray()));
            assertEquals(new Shape(1, 1, 4, 3), Ops.mirrorPadEnd(row, 0, 3).getShape());
        }
    }

    @Test
    void l1GradientAndAdamStepMatchPyTorch() {
        Golden weights = Golden.load("swinir_psd_x2");
        Golden step = Golden.load("swinir_step");
        try (NDManager manager = NDManager.newBaseManager(TorchRuntime.ENGINE);
                Generator net = Generator.create(model(weights), manager);
                Adam adam = new Adam(net.weights().parameters(), 0.9, 0.999, 1e-8)) {
            net.weights().loadStateDict(weights.genome(net.weights().stateDictLayout()));
            TensorLayout layout = net.weights().parameters().layout();
            try (NDManager scope = manager.newSubManager()) {
                try (GradMode ignored = GradMode.enabled();
                        ParameterSet.Recording recording = net.weights().parameters().recordGradients(scope)) {
                    NDArray loss = net.forward(step.array(scope, "lr")).sub(step.array(scope, "hr")).abs().mean();
                    assertEquals(step.tensor("loss").values()[0], loss.getFloat(), 1e-6, "L1 loss");
                    GradMode.backward(loss, false);
                }
                NDArray gradient = net.weights().parameters().flatGradient(scope);
                assertClose(step.genome("grad.", layout).values(), gradient.toFloatArray(), 1e-5, "gradient");
                adam.step(gradient, 1e-3);
            }
            // A first Adam step moves each weight by lr * g / (|g| + eps): for gradients near eps (1e-8) it magnifies
            // float-level differences of g up to a tenth of lr, which a wrong update (2 lr for a flipped sign) exceeds.
            assertClose(step.genome("after.", layout).values(), net.weights().parameters().toGenome().values(), 1e-4,
                    "weights after one Adam step");
        }
    }

    @Test
    void publishedSizesHaveBasicSrsCountsAndTrainAStep() {
        SwinSettings light = new SwinSettings(60, List.of(6, 6, 6, 6), List.of(6, 6, 6, 6), 8, 2,
                SwinSettings.Upsampler.PIXELSHUFFLEDIRECT, SwinSettings.ResiConnection.ONE_CONV, 64, 1);
        // 001_classicalSR_DF2K_s64w8_SwinIR-M_x4 and 002_lightweightSR_DIV2K_s64w8_SwinIR-S_x4.
        assertTrainsAStep(EaAdamConfig.Model.swinir(4, 64, SwinSettings.classical()), 11_900_199, 496);
        assertTrainsAStep(EaAdamConfig.Model.swinir(4, 64, light), 929_628, 330);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"swinir_ps_x4_1conv", "swinir_ps_x3_3conv", "swinir_psd_x2", "swinir_nc_x4_3conv",
        "swinir_none_x1"})
    void detectionReadsTheArchitectureOffTheWeights(String name) {
        EaAdamConfig.Model model = model(Golden.load(name));
        Map<String, int[]> shapes = new HashMap<>();
        try (NDManager manager = NDManager.newBaseManager(TorchRuntime.ENGINE);
                Generator net = Generator.create(model, manager)) {
            net.weights().stateDictLayout().specs().forEach(spec -> shapes.put(spec.name(), spec.shape()));
        }
        // A file converted by another tool may keep BasicSR's derived buffers: they are not read.
        shapes.put("layers.0.residual_group.blocks.0.attn.relative_position_index", new int[] {16, 16});
        shapes.put("layers.0.residual_group.blocks.1.attn_mask", new int[] {4, 16, 16});
        EaAdamConfig.Model detected = ArchitectureDetection.of(shapes).orElseThrow();
        // The image size is not in the weights: detection takes BasicSR's 64.
        SwinSettings s = model.swin();
        assertEquals(EaAdamConfig.Model.swinir(model.scale(), s.upsampler().hasFeatures() ? model.numFeat() : 64,
                new SwinSettings(s.embedDim(), s.depths(), s.numHeads(), s.windowSize(), s.mlpRatio(), s.upsampler(),
                        s.resiConnection(), 64, s.imgRange())), detected);
    }

    private static void assertTrainsAStep(EaAdamConfig.Model model, int parameters, int tensors) {
        try (NDManager manager = NDManager.newBaseManager(TorchRuntime.ENGINE);
                Generator net = Generator.create(model, manager);
                Adam adam = new Adam(net.weights().parameters(), 0.9, 0.99, 1e-8)) {
            TensorLayout layout = net.weights().stateDictLayout();
            assertEquals(parameters, layout.size());
            assertEquals(tensors, layout.tensorCount());
            assertEquals(List.of(225, 6), Arrays.stream(layout.spec(layout.indexOf(
                    "layers.3.residual_group.blocks.5.attn.relative_position_bias_table")).shape()).boxed().toList());
            net.weights().initialize(5);
            Genome before = net.weights().stateDict();
            try (NDManager scope = manager.newSubManager()) {
                try (GradMode ignored = GradMode.enabled();
                        ParameterSet.Recording recording = net.weights().parameters().recordGradients(scope)) {
                    NDArray sr = net.forward(scope.randomUniform(0, 1, new Shape(1, 3, 12, 10)));
                    assertEquals(new Shape(1, 3, 48, 40), sr.getShape());
                    GradMode.backward(sr.abs().mean(), false);
                }
                adam.step(net.weights().parameters().flatGradient(scope), 1e-4);
            }
            float[] after = net.weights().stateDict().values();
            assertTrue(!Arrays.equals(before.values(), after) && Float.isFinite(after[after.length - 1]));
        }
    }

    /** The architecture a golden file's metadata names. */
    private static EaAdamConfig.Model model(Golden golden) {
        SwinSettings swin = new SwinSettings(Integer.parseInt(golden.metadata("embed_dim")),
                ints(golden.metadata("depths")), ints(golden.metadata("num_heads")),
                Integer.parseInt(golden.metadata("window_size")), Double.parseDouble(golden.metadata("mlp_ratio")),
                golden.metadata("upsampler").isEmpty() ? SwinSettings.Upsampler.NONE
                        : io.eaadam.common.config.Choices.parse(SwinSettings.Upsampler.class,
                                golden.metadata("upsampler")),
                io.eaadam.common.config.Choices.parse(SwinSettings.ResiConnection.class,
                        golden.metadata("resi_connection")),
                Integer.parseInt(golden.metadata("img_size")), Double.parseDouble(golden.metadata("img_range")));
        return EaAdamConfig.Model.swinir(Integer.parseInt(golden.metadata("upscale")),
                Integer.parseInt(golden.metadata("num_feat")), swin);
    }

    private static List<Float> box(float[] values) {
        List<Float> boxed = new java.util.ArrayList<>();
        for (float v : values) {
            boxed.add(v);
        }
        return boxed;
    }

    private static List<Integer> ints(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).map(Integer::valueOf).toList();
    }
}
