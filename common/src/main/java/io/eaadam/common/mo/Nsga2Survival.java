package io.eaadam.common.mo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * NSGA-II's environmental selection as a replacement (ea.selection = nsga2): members and children
 * together, the best by Pareto rank and then crowding distance survive, and the survivors fill the slots
 * in order of distortion, so slot order still runs from distortion to perception. A frozen slot 0
 * (population.replace-slot0 = false) keeps its member and stays out of the competition.
 */
public final class Nsga2Survival implements SelectionOperator {

    private final boolean replaceSlot0;

    public Nsga2Survival(boolean replaceSlot0) {
        this.replaceSlot0 = replaceSlot0;
    }

    @Override
    public Result select(List<Objectives> members, List<VariationPlan> plans, List<Objectives> children) {
        int size = members.size();
        int first = replaceSlot0 ? 0 : 1;
        List<Objectives> pool = new ArrayList<>(members.subList(first, size));
        int competing = pool.size();
        pool.addAll(children);
        List<Integer> survivors = new ArrayList<>(Pareto.select(pool, competing));
        survivors.sort(Comparator.comparingDouble((Integer i) -> pool.get(i).distortion()).thenComparingInt(i -> i));
        int[] fromSlot = new int[size];
        VariationPlan[] childPlans = new VariationPlan[size];
        List<Objectives> next = new ArrayList<>(members);
        for (int k = 0; k < first; k++) {
            fromSlot[k] = k;
        }
        for (int j = 0; j < survivors.size(); j++) {
            int slot = first + j;
            int pick = survivors.get(j);
            if (pick < competing) {
                fromSlot[slot] = first + pick;
            } else {
                fromSlot[slot] = -1;
                childPlans[slot] = plans.get(pick - competing);
            }
            next.set(slot, pool.get(pick));
        }
        return new Result(new PopulationUpdate(fromSlot, childPlans), List.copyOf(next));
    }
}
