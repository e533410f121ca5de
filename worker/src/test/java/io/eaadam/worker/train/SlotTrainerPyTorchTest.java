package io.eaadam.worker.train;

import static io.eaadam.worker.testing.Arrays2.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.config.GanType;
import io.eaadam.common.genome.Genome;
import io.eaadam.common.mo.Preference;
import io.eaadam.common.store.Losses;
import io.eaadam.worker.loss.PerceptualLoss;
import io.eaadam.worker.nn.MsrResNet;
import io.eaadam.worker.nn.Vgg19Features;
import io.eaadam.worker.nn.VggStyleDiscriminator;
import io.eaadam.worker.runtime.GradMode;
import io.eaadam.worker.runtime.TorchRuntime;
import io.eaadam.worker.testing.Golden;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Two Adam-phase steps of method 2.4 against the PyTorch reference (tools/reference/eaadam_step.py, files
 * written by make_golden.py): losses, the mixed per-tensor-normalised gradient, and the generator and
 * discriminator weights after both steps, for the vanilla and the relativistic GAN.
 */
class SlotTrainerPyTorchTest {

    @ParameterizedTest
    @EnumSource(GanType.class)
    void twoStepsMatchPyTorch(GanType gan) {
        Golden init = Golden.load("step_" + gan + "_init");
        Golden after = Golden.load("step_" + gan + "_after2");
        Preference preference = new Preference(Double.parseDouble(after.metadata("w_dist")),
                Double.parseDouble(after.metadata("w_perc")));
        double lr = Double.parseDouble(after.metadata("lr"));
        Map<String, Double> layers = new LinkedHashMap<>();
        layers.put("conv1_2", 0.1);
        layers.put("conv2_2", 1.0);
        EaAdamConfig.Loss loss = new EaAdamConfig.Loss(new EaAdamConfig.Perceptual(1.0, layers, "", true),
                new EaAdamConfig.Gan(gan, Double.parseDouble(after.metadata("gan_weight"))));
        EaAdamConfig.Optimizer optimizer = new EaAdamConfig.Optimizer(lr, 0.9, 0.999, 1e-8, List.of(), 0.5);

        try (NDManager manager = NDManager.newBaseManager(TorchRuntime.ENGINE);
                MsrResNet g = new MsrResNet(manager, 4, 8, 1);
                VggStyleDiscriminator d = new VggStyleDiscriminator(manager, 4, 32);
                Vgg19Features vgg = new Vgg19Features(manager, List.of("conv1_2", "conv2_2"))) {
            g.weights().loadStateDict(init.genome("g.", g.weights().stateDictLayout()));
            d.weights().loadStateDict(init.genome("d.", d.weights().stateDictLayout()));
            vgg.weights().loadStateDict(Golden.load("vgg19_conv2_2").genome(vgg.weights().stateDictLayout()));
            NDArray lrImages = after.array(manager, "lr");
            NDArray hrImages = after.array(manager, "hr");

            try (SlotTrainer trainer = new SlotTrainer(g, d, new PerceptualLoss(vgg, layers, 1.0), loss, optimizer)) {
                try (NDManager scope = manager.newSubManager();
                        GradMode ignored = GradMode.enabled()) {
                    SlotTrainer.GeneratorPass pass = trainer.generatorPass(lrImages, hrImages, preference, scope);
                    Genome expected = Genome.zeros(g.weights().parameters().layout());
                    for (var spec : expected.layout().specs()) {
                        expected.setTensor(spec.name(), after.tensor("mixed." + spec.name()).values());
                    }
                    assertClose(expected.values(), pass.gradient().toFloatArray(), 1e-5, "mixed gradient");
                    g.weights().parameters().zeroGradients();
                }
                float[] step1 = after.tensor("losses_step1").values();
                float[] step2 = after.tensor("losses_step2").values();
                trainer.step(lrImages, hrImages, preference, lr);
                assertLosses(step1, trainer.drainLosses());
                trainer.step(lrImages, hrImages, preference, lr);
                assertLosses(step2, trainer.drainLosses());
            }
            // Adam turns each gradient element into a step of about lr whatever its size, so a gradient
            // element near zero may step either way after rounding: weights agree to a fraction of lr.
            assertClose(after.genome("g.", g.weights().stateDictLayout()).values(),
                    g.weights().stateDict().values(), lr * 0.05, "generator after 2 steps");
            assertClose(after.genome("d.", d.weights().stateDictLayout()).values(),
                    d.weights().stateDict().values(), lr * 0.05, "discriminator after 2 steps");
        }
    }

    private static void assertLosses(float[] expected, Losses actual) {
        assertEquals(1, actual.steps());
        assertEquals(expected[0], actual.l1(), 1e-5 * Math.abs(expected[0]), "L1");
        assertEquals(expected[1], actual.perceptual(), 1e-5 * Math.abs(expected[1]), "perceptual");
        assertEquals(expected[2], actual.adversarial(), 1e-5 * Math.abs(expected[2]), "adversarial");
        assertEquals(expected[3], actual.discriminator(), 1e-5 * Math.abs(expected[3]), "discriminator");
    }
}
