package io.eaadam.common.genome;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

class NetworkInterpolationTest {

    private static final TensorLayout LAYOUT = TensorLayout.builder().add("conv_first.weight", 4, 3, 3, 3)
            .add("conv_first.bias", 4).add("body.0.conv1.weight", 4, 4, 3, 3).add("body.0.conv1.bias", 4).build();

    @Test
    void everyTensorIsTheConvexCombinationAndTheEndsAreTheModels() {
        SplittableRandom random = new SplittableRandom(3);
        Genome a = random(LAYOUT, random);
        Genome b = random(LAYOUT, random);
        a.values()[0] = -0.0f; // survives at alpha 0, where a sum would give +0.0
        for (double alpha : List.of(0.0, 0.2, 1 / 3.0, 0.5, 0.8, 1.0)) {
            Genome mixed = NetworkInterpolation.interpolate(a, b, alpha);
            assertEquals(LAYOUT, mixed.layout());
            for (TensorSpec spec : LAYOUT.specs()) {
                float[] x = a.tensor(spec.name());
                float[] y = b.tensor(spec.name());
                float[] actual = mixed.tensor(spec.name());
                for (int i = 0; i < actual.length; i++) {
                    assertEquals((1 - alpha) * x[i] + alpha * y[i], actual[i], 1e-7, spec.name() + " at " + alpha);
                }
            }
        }
        assertEquals(a, NetworkInterpolation.interpolate(a, b, 0));
        assertEquals(b, NetworkInterpolation.interpolate(a, b, 1));
    }

    @Test
    void tensorsAreMatchedByNameWhateverTheirOrder() {
        SplittableRandom random = new SplittableRandom(5);
        Genome a = random(LAYOUT, random);
        List<TensorSpec> reversed = new java.util.ArrayList<>(LAYOUT.specs());
        java.util.Collections.reverse(reversed);
        Genome b = Genome.zeros(new TensorLayout(reversed));
        for (TensorSpec spec : reversed) {
            b.setTensor(spec.name(), a.tensor(spec.name()));
        }
        assertNull(NetworkInterpolation.differences(a.layout(), b.layout()));
        assertEquals(a, NetworkInterpolation.interpolate(a, b, 0.5), "the same weights, whatever the order");
        assertEquals(b, NetworkInterpolation.interpolate(b, a, 1), "laid out in from's order");
    }

    @Test
    void otherTensorsAreRefusedOnOneLineNamingWhatDiffers() {
        TensorLayout other = TensorLayout.builder().add("conv_first.weight", 8, 3, 3, 3).add("conv_first.bias", 4)
                .add("body.0.conv1.weight", 4, 4, 3, 3).add("conv_last.bias", 3).build();
        Genome a = Genome.zeros(LAYOUT);
        Genome b = Genome.zeros(other);
        String expected = "A has 4 tensors, B 4; only in A: body.0.conv1.bias; only in B: conv_last.bias; "
                + "other shapes: conv_first.weight [4, 3, 3, 3] in A, [8, 3, 3, 3] in B";
        assertEquals(expected, NetworkInterpolation.differences(LAYOUT, other));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NetworkInterpolation.interpolate(a, b, 0.5));
        assertEquals("the two models differ: " + expected, e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NetworkInterpolation.interpolate(a, a, 1.5));
        assertThrows(IllegalArgumentException.class, () -> NetworkInterpolation.interpolate(a, a, Double.NaN));
    }

    @Test
    void evenlySpacedAlphasAndTheirLabels() {
        assertEquals(List.of(0.25, 0.5, 0.75), NetworkInterpolation.between(3));
        assertEquals(List.of("0.17", "0.33", "0.50", "0.67", "0.83"),
                NetworkInterpolation.between(5).stream().map(NetworkInterpolation::label).toList());
    }

    private static Genome random(TensorLayout layout, SplittableRandom random) {
        float[] values = new float[layout.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextDouble(-1, 1);
        }
        return new Genome(layout, values);
    }
}
