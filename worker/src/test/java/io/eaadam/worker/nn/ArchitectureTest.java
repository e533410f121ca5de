package io.eaadam.worker.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.eaadam.common.config.Arch;
import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.genome.TensorLayout;
import io.eaadam.worker.runtime.GradMode;
import io.eaadam.worker.runtime.TorchRuntime;

import org.junit.jupiter.api.Test;

import java.util.List;

/** Parameter counts and names against BasicSR / torchvision (method 4.2, 4.4, 5.1, 5.2). */
class ArchitectureTest {

    @Test
    void msrResNetHasBasicSrSizeAndNames() {
        try (NDManager manager = NDManager.newBaseManager(TorchRuntime.ENGINE);
                MsrResNet net = new MsrResNet(manager, 4, 64, 16)) {
            TensorLayout layout = net.weights().stateDictLayout();
            assertEquals(1_517_571, layout.size());
            assertEquals(74, layout.tensorCount());
            assertEquals(List.of("conv_first.weight", "conv_first.bias", "body.0.conv1.weight"),
                    layout.specs().stream().limit(3).map(s -> s.name()).toList());
            assertTrue(layout.contains("body.15.conv2.bias"));
            assertTrue(layout.contains("upconv2.weight"));
            assertEquals("conv_last.bias", layout.spec(73).name());
        }
    }

    @Test
    void rrdbNetHasBasicSrSizeAndNames() {
        try (NDManager manager = NDManager.newBaseManager(TorchRuntime.ENGINE);
                RrdbNet net = new RrdbNet(manager, 64, 23, 32)) {
            TensorLayout layout = net.weights().stateDictLayout();
            assertEquals(16_697_987, layout.size());
            assertEquals(702, layout.tensorCount());
            assertTrue(layout.contains("body.22.rdb3.conv5.weight"));
            assertEquals(List.of(64, 192, 3, 3), box(layout.spec(layout.indexOf("body.0.rdb1.conv5.weight")).shape()));
            assertTrue(layout.contains("conv_body.weight") && layout.contains("conv_up2.bias"));
        }
    }

    @Test
    void realEsrganBackbonesHaveTheirPublishedSizesAndNames() {
        try (NDManager manager = NDManager.newBaseManager(TorchRuntime.ENGINE);
                Generator general = Generator.create(new EaAdamConfig.Model(Arch.SRVGG, 4, 64, 32, 32), manager);
                Generator anime = Generator.create(new EaAdamConfig.Model(Arch.SRVGG, 4, 64, 16, 32), manager);
                Generator x2plus = Generator.create(new EaAdamConfig.Model(Arch.RRDB, 2, 64, 23, 32), manager)) {
            TensorLayout layout = general.weights().stateDictLayout(); // realesr-general-x4v3
            assertEquals(1_213_296, layout.size());
            assertEquals(List.of("body.0.weight", "body.0.bias", "body.1.weight", "body.2.weight"),
                    layout.specs().stream().limit(4).map(s -> s.name()).toList());
            assertEquals(List.of(64), box(layout.spec(layout.indexOf("body.65.weight")).shape()));
            assertEquals(List.of(48, 64, 3, 3), box(layout.spec(layout.indexOf("body.66.weight")).shape()));
            assertEquals(621_424, anime.weights().stateDictLayout().size()); // realesr-animevideov3
            TensorLayout rrdb = x2plus.weights().stateDictLayout(); // RealESRGAN_x2plus
            assertEquals(16_703_171, rrdb.size());
            assertEquals(List.of(64, 12, 3, 3), box(rrdb.spec(rrdb.indexOf("conv_first.weight")).shape()));
        }
    }

    @Test
    void discriminatorHasBasicSrSizeAndNames() {
        try (NDManager manager = NDManager.newBaseManager(TorchRuntime.ENGINE);
                VggStyleDiscriminator d = new VggStyleDiscriminator(manager, 64, 128)) {
            assertEquals(14_499_401, d.weights().parameters().layout().size());
            TensorLayout stateDict = d.weights().stateDictLayout();
            assertEquals(List.of("conv0_0.weight", "conv0_0.bias", "conv0_1.weight", "bn0_1.weight", "bn0_1.bias",
                    "bn0_1.running_mean", "bn0_1.running_var", "conv1_0.weight"),
                    stateDict.specs().stream().limit(8).map(s -> s.name()).toList());
            assertEquals(5_760, d.weights().buffers().layout().size());
            assertEquals(List.of(100, 8192), box(stateDict.spec(stateDict.indexOf("linear1.weight")).shape()));
        }
    }

    @Test
    void vggUpToConv54HasTorchvisionSizeAndNames() {
        try (NDManager manager = NDManager.newBaseManager(TorchRuntime.ENGINE);
                Vgg19Features vgg = new Vgg19Features(manager, List.of("conv5_4"))) {
            TensorLayout layout = vgg.weights().stateDictLayout();
            assertEquals(20_024_384, layout.size());
            assertEquals("features.0.weight", layout.spec(0).name());
            assertEquals("features.34.bias", layout.spec(layout.tensorCount() - 1).name());
        }
        try (NDManager manager = NDManager.newBaseManager(TorchRuntime.ENGINE);
                Vgg19Features vgg = new Vgg19Features(manager, List.of("conv2_2", "conv1_2"))) {
            assertEquals("features.7.bias", vgg.weights().stateDictLayout().spec(7).name());
        }
    }

    @Test
    void fullSizeNetworksRunAForwardPass() {
        try (NDManager manager = NDManager.newBaseManager(TorchRuntime.ENGINE);
                GradMode ignored = GradMode.disabled();
                MsrResNet srresnet = new MsrResNet(manager, 4, 64, 16);
                RrdbNet rrdb = new RrdbNet(manager, 64, 23, 32);
                Generator srvgg = Generator.create(new EaAdamConfig.Model(Arch.SRVGG, 4, 64, 32, 32), manager)) {
            srresnet.weights().initialize(1);
            rrdb.weights().initialize(2);
            srvgg.weights().initialize(3);
            NDArray lr = manager.randomUniform(0, 1, new Shape(1, 3, 16, 12));
            for (Generator g : List.of(srresnet, rrdb, srvgg)) {
                try (NDArray sr = g.forward(lr)) {
                    assertEquals(new Shape(1, 3, 64, 48), sr.getShape());
                    assertTrue(Float.isFinite(sr.sum().getFloat()));
                }
            }
        }
    }

    private static List<Integer> box(int[] shape) {
        return java.util.Arrays.stream(shape).boxed().toList();
    }
}
