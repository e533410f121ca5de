package io.eaadam.common.mo;

import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.config.EaMode;
import io.eaadam.common.config.Selection;
import io.eaadam.common.genome.Genome;
import io.eaadam.common.genome.TensorLayout;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Small genomes, populations and EA settings shared by the operator tests. */
final class MoFixtures {

    private MoFixtures() {}

    /** A tiny SRResNet-like state dict: two convs with biases. */
    static final TensorLayout SMALL = TensorLayout.builder()
            .add("conv1.weight", 4, 3)
            .add("conv1.bias", 4)
            .add("conv2.weight", 2, 4)
            .add("conv2.bias", 2)
            .build();

    /** The authors' EA settings (method 2.5, 3.4, 3.5), with the B6 flag chosen by the caller. */
    static EaAdamConfig.Ea authorsEa(boolean mutateCrossoverChild) {
        return ea(0.9, 0.3, 0.2, 0.02, mutateCrossoverChild);
    }

    static EaAdamConfig.Ea ea(double pCrossover, double pGlobal, double pMutation, double mutationRate,
            boolean mutateCrossoverChild) {
        return new EaAdamConfig.Ea(200, pCrossover, pGlobal, 20.0, pMutation, mutationRate, 0.03,
                mutateCrossoverChild, 0, Selection.TCHEBYCHEFF, EaMode.STEADY_STATE, 1);
    }

    /** A genome of values uniform in [-0.2, 0.2), distinct for each seed. */
    static Genome randomGenome(TensorLayout layout, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[layout.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((random.nextDouble() - 0.5) * 0.4);
        }
        return new Genome(layout, values);
    }

    static List<Genome> population(TensorLayout layout, int size, long seed) {
        List<Genome> population = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            population.add(randomGenome(layout, seed * 1000 + i));
        }
        return population;
    }

    /** Deep copies, so that tests can check that nothing was written into the originals. */
    static List<Genome> deepCopy(List<Genome> population) {
        return population.stream().map(Genome::copy).toList();
    }
}
