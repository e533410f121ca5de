package io.eaadam.worker.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

import io.eaadam.common.config.ConfigLoader;
import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.genome.ExpertMerge;
import io.eaadam.common.genome.Genome;
import io.eaadam.worker.runtime.GradMode;
import io.eaadam.worker.runtime.TorchRuntime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The weight-regression network (method 5.3): sizes as the authors', and per sample exactly the backbone
 * with that sample's convex combination of the experts, which is what the final merge (5.5) relies on.
 */
class FusionNetworkTest {

    private static EaAdamConfig config(String... overrides) {
        return ConfigLoader.load(null, List.of(overrides));
    }

    @Test
    void headsHaveTheAuthorsSizes() {
        EaAdamConfig srresnet = config("model.arch=srresnet", "model.num-feat=64", "model.num-block=16");
        try (NDManager manager = NDManager.newBaseManager(TorchRuntime.ENGINE);
                FusionNetwork net = new FusionNetwork(srresnet.model(), srresnet.fusion(), 5, manager)) {
            assertEquals(13_467_451, net.weights().parameters().layout().size());
            assertEquals(5 * 1_517_571, net.weights().buffers().layout().size());
            assertEquals(37, net.layerNames().size());
            assertEquals(1_517_571, net.backboneLayout().size());
            assertRunsAForward(net);
        }
        EaAdamConfig rrdb = config("model.arch=rrdb", "model.num-feat=64", "model.num-block=23", "fusion.head-kernel=3");
        try (NDManager manager = NDManager.newBaseManager(TorchRuntime.ENGINE);
                FusionNetwork net = new FusionNetwork(rrdb.model(), rrdb.fusion(), 5, manager)) {
            assertEquals(59_418_945, net.weights().parameters().layout().size());
            assertEquals(351, net.layerNames().size());
            assertRunsAForward(net);
        }
    }

    @ParameterizedTest(name = "{0} {2} {3}")
    @CsvSource({"srresnet,5,,", "rrdb,3,,", "srvgg,3,,", "swinir,3,pixelshuffle,3conv",
        "swinir,3,pixelshuffledirect,1conv"})
    void eachSampleIsTheBackboneWithItsOwnMixture(String arch, int headKernel, String upsampler, String resi) {
        List<String> overrides = new ArrayList<>(List.of("model.arch=" + arch, "model.num-feat=16",
                "model.num-block=1", "model.num-grow-ch=8", "fusion.head-kernel=" + headKernel,
                "fusion.head-features=8", "fusion.head-params=10", "fusion.head-hidden=4"));
        if (upsampler != null) {
            // Both layers of a group, the second shifted; a 10-pixel input is mirror-padded to 12.
            overrides.addAll(List.of("model.embed-dim=8", "model.depths=[2]", "model.num-heads=[2]",
                    "model.window-size=4", "model.img-size=8", "model.upsampler=" + upsampler,
                    "model.resi-connection=" + resi));
        }
        EaAdamConfig c = config(overrides.toArray(String[]::new));
        try (NDManager manager = NDManager.newBaseManager(TorchRuntime.ENGINE);
                FusionNetwork fusion = new FusionNetwork(c.model(), c.fusion(), 3, manager);
                Generator backbone = Generator.create(c.model(), manager);
                GradMode ignored = GradMode.disabled()) {
            List<Genome> experts = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                backbone.weights().initialize(100 + k);
                experts.add(backbone.weights().stateDict());
            }
            fusion.weights().initialize(7);
            fusion.loadExperts(experts);
            NDArray batch = images(manager, 2, upsampler == null ? 12 : 10);
            float[] both = fusion.forward(batch).toFloatArray();
            int perSample = both.length / 2;
            for (int b = 0; b < 2; b++) {
                NDArray sample = batch.get(new NDIndex(b + ":" + (b + 1)));
                double[][] alpha = fusion.mixingSums(sample);
                Map<String, double[]> mixing = new HashMap<>();
                for (int l = 0; l < alpha.length; l++) {
                    assertEquals(1.0, alpha[l][0] + alpha[l][1] + alpha[l][2], 1e-6, "layer " + l + " sums to 1");
                    mixing.put(fusion.layerNames().get(l), alpha[l]);
                }
                backbone.weights().loadStateDict(ExpertMerge.merge(experts, mixing));
                float[] expected = backbone.forward(sample).toFloatArray();
                float worst = 0;
                for (int i = 0; i < perSample; i++) {
                    worst = Math.max(worst, Math.abs(expected[i] - both[b * perSample + i]));
                }
                assertTrue(worst < 1e-5, "sample " + b + ": max |fusion - merged backbone| = " + worst);
            }
        }
    }

    @Test
    void identicalExpertsGiveTheExpertAndOnlyHeadsTrain() {
        EaAdamConfig c = config("model.num-feat=16", "model.num-block=1", "fusion.head-features=8",
                "fusion.head-params=10", "fusion.head-hidden=4");
        try (NDManager manager = NDManager.newBaseManager(TorchRuntime.ENGINE);
                FusionNetwork fusion = new FusionNetwork(c.model(), c.fusion(), 2, manager);
                Generator backbone = Generator.create(c.model(), manager)) {
            backbone.weights().initialize(3);
            Genome expert = backbone.weights().stateDict();
            fusion.weights().initialize(4);
            fusion.loadExperts(List.of(expert, expert));
            NDArray lr = images(manager, 2, 10);
            try (GradMode ignored = GradMode.disabled()) {
                assertArrayEquals(backbone.forward(lr).toFloatArray(), fusion.forward(lr).toFloatArray(), 1e-5f);
            }
            float[] stacksBefore = fusion.weights().buffers().toGenome().values();
            try (NDManager scope = manager.newSubManager();
                    GradMode ignored = GradMode.enabled()) {
                try (ParameterSet.Recording recording = fusion.weights().parameters().recordGradients(scope)) {
                    NDArray sr = fusion.forward(lr);
                    sr.attach(scope);
                    NDArray loss = sr.mul(sr).sum();
                    loss.attach(scope);
                    GradMode.backward(loss, false);
                }
                NDArray gradient = fusion.weights().parameters().flatGradient(scope);
                assertTrue(gradient.abs().sum().getFloat() > 0, "the heads get gradients");
            }
            assertArrayEquals(stacksBefore, fusion.weights().buffers().toGenome().values());
        }
    }

    /** A forward of the full-size network on a small input (zeroed weights: uniform mixing). */
    private static void assertRunsAForward(FusionNetwork net) {
        try (NDManager scope = net.weights().newScope();
                GradMode ignored = GradMode.disabled()) {
            NDArray sr = net.forward(images(scope, 1, 6));
            assertEquals(new Shape(1, 3, 24, 24), sr.getShape());
        }
    }

    private static NDArray images(NDManager manager, int batch, int size) {
        SplittableRandom random = new SplittableRandom(11);
        float[] values = new float[batch * 3 * size * size];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextDouble();
        }
        return manager.create(values, new Shape(batch, 3, size, size));
    }
}
