package io.eaadam.common.mo;

import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.genome.Genome;
import io.eaadam.common.genome.TensorLayout;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The EA's variation (method 2.5): with probability pCrossover, SBX with a partner drawn from the whole
 * population (probability pGlobal) or from the slot's neighbourhood; then, with probability pMutation,
 * sparse Gaussian mutation. {@link #draw} makes the random decisions into a plan; {@link #child} replays
 * a plan on any copy of the population and always gives the same genome.
 */
public final class Variation {

    private final EaAdamConfig.Ea ea;
    private final int[][] neighbourhoods;
    private final CrossoverOperator crossover;
    private final MutationOperator mutation;

    public Variation(EaAdamConfig.Ea ea, int[][] neighbourhoods) {
        this(ea, neighbourhoods, new SbxCrossover(ea.sbxEta()),
                new SparseGaussianMutation(ea.mutationRate(), ea.mutationStd()));
    }

    public Variation(EaAdamConfig.Ea ea, int[][] neighbourhoods, CrossoverOperator crossover,
            MutationOperator mutation) {
        this.ea = ea;
        this.neighbourhoods = neighbourhoods;
        this.crossover = crossover;
        this.mutation = mutation;
    }

    /** The decisions for slot {@code slot}'s child, in the authors' order of draws. */
    public VariationPlan draw(int slot, SplittableRandom random) {
        int size = neighbourhoods.length;
        int partner = -1;
        long crossoverSeed = 0;
        if (random.nextDouble() <= ea.crossoverProbability()) {
            if (random.nextDouble() <= ea.globalPartnerProbability()) {
                int pick = random.nextInt(size - 1); // any slot but this one
                partner = pick >= slot ? pick + 1 : pick;
            } else {
                int[] pool = neighbourhoods[slot];
                int pick = random.nextInt(pool.length - 1); // the neighbourhood without this slot
                int seen = 0;
                for (int candidate : pool) {
                    if (candidate != slot && seen++ == pick) {
                        partner = candidate;
                        break;
                    }
                }
            }
            crossoverSeed = random.nextLong();
        }
        boolean mutate = random.nextDouble() <= ea.mutationProbability();
        long mutationSeed = mutate ? random.nextLong() : 0;
        return new VariationPlan(slot, partner, crossoverSeed, mutate, mutationSeed);
    }

    /** Replays {@code plan} on the population (slot-indexed genomes). */
    public Genome child(VariationPlan plan, List<Genome> population) {
        Genome parent = population.get(plan.slot());
        Genome child = plan.crossover()
                ? crossover.apply(parent, population.get(plan.partner()), plan.crossoverSeed())
                : parent.copy();
        if (!plan.mutate()) {
            return child;
        }
        Genome mutated = mutation.apply(child, plan.mutationSeed());
        if (plan.crossover() && !ea.mutateCrossoverChild()) {
            // Bug B6, kept by default: the authors load the mutated weights into a copy of the parent,
            // so the biases of a crossed-and-mutated child are the parent's, not the blend's.
            restoreUnmutated(mutated, parent);
        }
        return mutated;
    }

    private static void restoreUnmutated(Genome target, Genome parent) {
        TensorLayout layout = parent.layout();
        for (int t = 0; t < layout.tensorCount(); t++) {
            if (!SparseGaussianMutation.mutates(layout.spec(t).name())) {
                System.arraycopy(parent.values(), layout.offset(t), target.values(), layout.offset(t), layout.numel(t));
            }
        }
    }
}
