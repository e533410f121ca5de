package io.eaadam.worker.nn;

import static io.eaadam.worker.testing.Arrays2.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import io.eaadam.common.config.Arch;
import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.worker.runtime.GradMode;
import io.eaadam.worker.runtime.TorchRuntime;
import io.eaadam.worker.testing.Golden;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * Each network, loaded from a safetensors state dict that PyTorch wrote (tools/reference/make_golden.py,
 * BasicSR's and torchvision's definitions), gives PyTorch's output for the same input.
 */
class PyTorchEquivalenceTest {

    private NDManager manager;
    private GradMode noGrad;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager(TorchRuntime.ENGINE);
        noGrad = GradMode.disabled();
    }

    @AfterEach
    void close() {
        noGrad.close();
        manager.close();
    }

    @Test
    void msrResNetX4() {
        assertGenerator("msrresnet_x4", new EaAdamConfig.Model(Arch.SRRESNET, 4, 8, 2, 32));
    }

    @Test
    void msrResNetX3() {
        assertGenerator("msrresnet_x3", new EaAdamConfig.Model(Arch.SRRESNET, 3, 8, 2, 32));
    }

    @Test
    void rrdbNet() {
        assertGenerator("rrdbnet_x4", new EaAdamConfig.Model(Arch.RRDB, 4, 8, 2, 4));
    }

    @Test
    void rrdbNetX2AndX1PadAnOddInputAsRealEsrganDoes() {
        assertGenerator("rrdbnet_x2", new EaAdamConfig.Model(Arch.RRDB, 2, 8, 2, 4));
        assertGenerator("rrdbnet_x1", new EaAdamConfig.Model(Arch.RRDB, 1, 8, 1, 4));
    }

    @Test
    void srVggNetCompact() {
        assertGenerator("srvgg_x4", new EaAdamConfig.Model(Arch.SRVGG, 4, 8, 3, 32));
        assertGenerator("srvgg_x2", new EaAdamConfig.Model(Arch.SRVGG, 2, 8, 2, 32));
    }

    private void assertGenerator(String name, EaAdamConfig.Model model) {
        try (Generator g = Generator.create(model, manager)) {
            g.weights().loadStateDict(Golden.load(name).genome(g.weights().stateDictLayout()));
            Golden io = Golden.load(name + "_io");
            NDArray sr = g.forward(io.array(manager, "lr"));
            assertClose(io.tensor("sr").values(), sr.toFloatArray(), 1e-5, name);
        }
    }

    @Test
    void discriminatorInTrainingModeIncludingRunningStatistics() {
        try (VggStyleDiscriminator d = new VggStyleDiscriminator(manager, 4, 32)) {
            d.weights().loadStateDict(Golden.load("discriminator").genome(d.weights().stateDictLayout()));
            Golden io = Golden.load("discriminator_io");
            NDArray logits = d.forward(io.array(manager, "x"));
            assertClose(io.tensor("logits").values(), logits.toFloatArray(), 1e-5, "logits");
            var state = d.weights().stateDict();
            assertClose(io.tensor("bn0_1.running_mean").values(), state.tensor("bn0_1.running_mean"), 1e-6,
                    "running mean after one forward");
            assertClose(io.tensor("bn1_1.running_var").values(), state.tensor("bn1_1.running_var"), 1e-6,
                    "running var after one forward");
        }
    }

    @Test
    void vggFeaturesBeforeRelu() throws Exception {
        try (Vgg19Features vgg = new Vgg19Features(manager, List.of("conv1_2", "conv2_2"))) {
            vgg.weights().loadStateDict(Golden.load("vgg19_conv2_2").genome(vgg.weights().stateDictLayout()));
            Golden io = Golden.load("vgg19_conv2_2_io");
            NDList features = vgg.features(io.array(manager, "x"));
            assertEquals(2, features.size());
            assertClose(io.tensor("conv1_2").values(), features.get(0).toFloatArray(), 1e-5, "conv1_2");
            assertClose(io.tensor("conv2_2").values(), features.get(1).toFloatArray(), 1e-5, "conv2_2");
        }
    }
}
