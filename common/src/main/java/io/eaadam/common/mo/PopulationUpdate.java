package io.eaadam.common.mo;

import io.eaadam.common.genome.Genome;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The new population after one selection step, as a recipe instead of genomes: slot k takes either the
 * child of {@code plans[k]} (made from the population before the update) or the old member
 * {@code fromSlot[k]}. The driver and every executor replay the same updates in the same order, so each
 * holds the same population without the genomes travelling.
 */
public record PopulationUpdate(int[] fromSlot, VariationPlan[] plans) implements Serializable {

    public static PopulationUpdate unchanged(int size) {
        int[] identity = new int[size];
        Arrays.setAll(identity, i -> i);
        return new PopulationUpdate(identity, new VariationPlan[size]);
    }

    /** The same update with slot {@code slot} taking {@code plan}'s child. */
    public PopulationUpdate withChild(int slot, VariationPlan plan) {
        int[] from = fromSlot.clone();
        VariationPlan[] children = plans.clone();
        from[slot] = -1;
        children[slot] = plan;
        return new PopulationUpdate(from, children);
    }

    public boolean changesAnything() {
        for (int k = 0; k < fromSlot.length; k++) {
            if (plans[k] != null || fromSlot[k] != k) {
                return true;
            }
        }
        return false;
    }

    /** The population after the update; children are built once even when several slots take them. */
    public List<Genome> apply(List<Genome> population, Variation variation) {
        List<Genome> next = new ArrayList<>(population.size());
        java.util.Map<VariationPlan, Genome> children = new java.util.HashMap<>();
        for (int k = 0; k < fromSlot.length; k++) {
            VariationPlan plan = plans[k];
            next.add(plan == null ? population.get(fromSlot[k])
                    : children.computeIfAbsent(plan, p -> variation.child(p, population)));
        }
        return next;
    }
}
