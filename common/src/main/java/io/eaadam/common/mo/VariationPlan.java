package io.eaadam.common.mo;

import java.io.Serializable;

/**
 * How to make one child, drawn on the driver and replayed wherever the parents are (method 10.1): the
 * slot whose model is the first parent, the crossover partner (or -1 for a plain copy) with its seed,
 * and whether and with which seed to mutate. About 40 bytes, instead of a genome.
 */
public record VariationPlan(int slot, int partner, long crossoverSeed, boolean mutate, long mutationSeed)
        implements Serializable {

    /** The plan of a plain copy of slot {@code slot}'s member: how the population's own models are measured. */
    public static VariationPlan copyOf(int slot) {
        return new VariationPlan(slot, -1, 0, false, 0);
    }

    public boolean crossover() {
        return partner >= 0;
    }
}
