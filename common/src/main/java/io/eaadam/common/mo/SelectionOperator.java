package io.eaadam.common.mo;

import java.util.List;

/**
 * Lets evaluated children compete with the population's members for the slots (method 2.5). An operator
 * decides who holds each slot; it never builds a genome, so the driver and every executor can apply its
 * result to their own copy of the population ({@link PopulationUpdate}).
 */
public interface SelectionOperator {

    /**
     * @param members the objectives of the slots' current members, by slot
     * @param plans the children, in the order they compete
     * @param children the children's objectives, in the same order
     */
    Result select(List<Objectives> members, List<VariationPlan> plans, List<Objectives> children);

    /** Who holds each slot after a selection ({@code update}), and the objectives of each slot then. */
    record Result(PopulationUpdate update, List<Objectives> objectives) {

        /** The number of slots that took a child. */
        public int replacements() {
            int count = 0;
            for (VariationPlan plan : update.plans()) {
                if (plan != null) {
                    count++;
                }
            }
            return count;
        }
    }
}
