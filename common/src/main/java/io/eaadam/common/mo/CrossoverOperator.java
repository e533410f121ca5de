package io.eaadam.common.mo;

import io.eaadam.common.genome.Genome;

/** Makes a child from two parents; every random draw comes from {@code seed}, so it can be replayed anywhere. */
@FunctionalInterface
public interface CrossoverOperator {

    Genome apply(Genome first, Genome second, long seed);
}
