package io.eaadam.common.genome;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

class ExpertMergeTest {

    private static final TensorLayout LAYOUT = TensorLayout.builder().add("conv_first.weight", 4, 3, 3, 3)
            .add("conv_first.bias", 4).add("body.0.conv1.weight", 4, 4, 3, 3).add("body.0.conv1.bias", 4).build();

    @Test
    void everyTensorIsItsLayersConvexCombination() {
        SplittableRandom random = new SplittableRandom(7);
        List<Genome> experts = List.of(random(random), random(random), random(random));
        Map<String, double[]> mixing = Map.of("conv_first", new double[] {0.2, 0.5, 0.3},
                "body.0.conv1", new double[] {0, 0, 1});
        Genome merged = ExpertMerge.merge(experts, mixing);
        for (TensorSpec spec : LAYOUT.specs()) {
            double[] w = mixing.get(ExpertMerge.layerOf(spec.name()));
            float[] actual = merged.tensor(spec.name());
            for (int i = 0; i < actual.length; i++) {
                double expected = 0;
                for (int k = 0; k < 3; k++) {
                    expected += w[k] * experts.get(k).tensor(spec.name())[i];
                }
                assertEquals(expected, actual[i], 1e-6);
            }
        }
        assertEquals(experts.get(2).tensor("body.0.conv1.bias")[1], merged.tensor("body.0.conv1.bias")[1]);
    }

    @Test
    void refusesWeightsThatAreNotAConvexCombination() {
        List<Genome> experts = List.of(Genome.zeros(LAYOUT), Genome.zeros(LAYOUT));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ExpertMerge.merge(experts,
                Map.of("conv_first", new double[] {0.5, 0.6}, "body.0.conv1", new double[] {1, 0})))
                .getMessage().contains("conv_first's mixing weights sum to 1.1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ExpertMerge.merge(experts,
                Map.of("conv_first", new double[] {0.5, 0.5}))).getMessage().contains("no mixing weights for layer body.0.conv1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ExpertMerge.merge(experts,
                Map.of("conv_first", new double[] {1}, "body.0.conv1", new double[] {1}))).getMessage()
                .contains("1 mixing weights for 2 experts"));
    }

    private static Genome random(SplittableRandom random) {
        float[] values = new float[LAYOUT.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return new Genome(LAYOUT, values);
    }
}
