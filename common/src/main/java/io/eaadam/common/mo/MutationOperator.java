package io.eaadam.common.mo;

import io.eaadam.common.genome.Genome;

/** Returns a mutated copy; every random draw comes from {@code seed}, so it can be replayed anywhere. */
@FunctionalInterface
public interface MutationOperator {

    Genome apply(Genome genome, long seed);
}
