package io.eaadam.common.population;

import io.eaadam.common.genome.Genome;
import io.eaadam.common.mo.Objectives;
import io.eaadam.common.mo.Preference;
import io.eaadam.common.store.StoredWeights;

/**
 * One slot of the population: its preference between distortion and perception, its generator, its
 * discriminator (null until the slot's first Adam phase) and the generator's objectives on the EA set.
 */
public record Slot(int index, Preference preference, Genome generator, StoredWeights discriminator,
        Objectives objectives) {

    public Slot withGenerator(Genome next) {
        return new Slot(index, preference, next, discriminator, objectives);
    }

    public Slot withObjectives(Objectives next) {
        return new Slot(index, preference, generator, discriminator, next);
    }

    public Slot withDiscriminator(StoredWeights next) {
        return new Slot(index, preference, generator, next, objectives);
    }
}
