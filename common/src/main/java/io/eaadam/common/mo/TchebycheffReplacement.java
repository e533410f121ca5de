package io.eaadam.common.mo;

import java.util.ArrayList;
import java.util.List;

/**
 * The authors' replacement (method 2.5): each child, in turn, first moves the ideal and nadir points, then
 * replaces every member of its parent's neighbourhood whose normalised Tchebycheff value it beats
 * strictly. The two points live for one EA epoch: they start from the members' objectives and take in
 * every child evaluated since, accepted or not. One operator per EA epoch.
 */
public final class TchebycheffReplacement implements SelectionOperator {

    private final List<Preference> preferences;
    private final int[][] neighbourhoods;
    private final boolean replaceSlot0;
    private final int maxReplacements;
    /** The best value of each objective seen in this epoch. */
    private Objectives ideal;
    /** The worst value of each objective seen in this epoch. */
    private Objectives nadir;

    /**
     * @param replaceSlot0 whether a child may replace slot 0 (the pure-distortion slot)
     * @param maxReplacements the most slots one child may take (bug B7); 0 for no cap
     * @param members the members' objectives at the start of the epoch
     */
    public TchebycheffReplacement(List<Preference> preferences, int[][] neighbourhoods, boolean replaceSlot0,
            int maxReplacements, List<Objectives> members) {
        this.preferences = List.copyOf(preferences);
        this.neighbourhoods = neighbourhoods;
        this.replaceSlot0 = replaceSlot0;
        this.maxReplacements = maxReplacements;
        this.ideal = members.get(0);
        this.nadir = members.get(0);
        for (Objectives member : members) {
            ideal = Objectives.min(ideal, member);
            nadir = Objectives.max(nadir, member);
        }
    }

    @Override
    public Result select(List<Objectives> members, List<VariationPlan> plans, List<Objectives> children) {
        List<Objectives> current = new ArrayList<>(members);
        PopulationUpdate update = PopulationUpdate.unchanged(current.size());
        for (int c = 0; c < plans.size(); c++) {
            VariationPlan plan = plans.get(c);
            Objectives child = children.get(c);
            ideal = Objectives.min(ideal, child);
            nadir = Objectives.max(nadir, child);
            int replaced = 0;
            for (int slot : neighbourhoods[plan.slot()]) {
                if (slot == 0 && !replaceSlot0) {
                    continue;
                }
                if (maxReplacements > 0 && replaced >= maxReplacements) {
                    break;
                }
                Preference w = preferences.get(slot);
                if (Tchebycheff.value(child, w, ideal, nadir) < Tchebycheff.value(current.get(slot), w, ideal, nadir)) {
                    update = update.withChild(slot, plan);
                    current.set(slot, child);
                    replaced++;
                }
            }
        }
        return new Result(update, List.copyOf(current));
    }

    public Objectives ideal() {
        return ideal;
    }

    public Objectives nadir() {
        return nadir;
    }
}
