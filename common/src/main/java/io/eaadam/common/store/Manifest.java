package io.eaadam.common.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code gen-NNNN/manifest.json}: what one generation of a run holds (written last, atomically: a generation
 * exists once its manifest does). Paths are relative to the run folder; every file carries its sha256.
 *
 * @param phase "warm-start", "adam" or "ea"
 * @param phaseIndex the schedule's phase this generation closed; -1 for the warm start
 * @param configHash the sha256 of {@code config}, the run's configuration as stored in its config.conf
 */
public record Manifest(String format, int generation, String phase, int phaseIndex, int firstEpoch, int lastEpoch,
        List<Slot> slots, double[] hypervolumeReference, double hypervolume, List<Integer> paretoFront,
        String configHash, String config) {

    public static final String FORMAT = "eaadam-manifest/2";

    /** The slots' preferences, objectives and Pareto ranks as a text table; a slot that repeats another says so. */
    public String objectivesTable() {
        StringBuilder table = new StringBuilder("slot  preference    f1 (L1)    f2 (VGG)  rank\n");
        for (Slot slot : slots) {
            table.append(String.format(Locale.ROOT, "%4d  (%.2f, %.2f)  %9.6f  %9.6f  %4d%s%n", slot.slot(),
                    slot.preference()[0], slot.preference()[1], slot.objectives()[0], slot.objectives()[1],
                    slot.paretoRank(), slot.sameAs() == null ? "" : "  the same weights as slot " + slot.sameAs()));
        }
        return table.toString();
    }

    /**
     * The chosen slots ({@code chosen}, ascending) with each distinct generator once: a slot whose weights
     * are those of an earlier chosen slot (by {@link Slot#sameAs}) maps to that slot in {@code repeats}.
     */
    public record Experts(List<Integer> distinct, Map<Integer, Integer> repeats) {}

    public Experts distinctExperts(List<Integer> chosen) {
        Map<Integer, Integer> firstOfWeights = new HashMap<>();
        List<Integer> distinct = new ArrayList<>();
        Map<Integer, Integer> repeats = new TreeMap<>();
        for (int slot : chosen) {
            Integer sameAs = slots.get(slot).sameAs();
            Integer first = firstOfWeights.putIfAbsent(sameAs == null ? slot : sameAs, slot);
            if (first == null) {
                distinct.add(slot);
            } else {
                repeats.put(slot, first);
            }
        }
        return new Experts(List.copyOf(distinct), repeats);
    }

    /** A file in the run folder with its checksum. */
    public record FileRef(String path, String sha256) implements java.io.Serializable {}

    /**
     * One population slot.
     *
     * @param discriminator null until the slot's first Adam phase (it is created there)
     * @param objectives [f1, f2] on the EA set
     * @param sameAs the lowest-numbered slot whose generator has exactly these weights; null when none
     *     (and in manifests written before it was recorded)
     */
    public record Slot(int slot, double[] preference, FileRef generator, FileRef discriminator,
            FileRef discriminatorAdam, long discriminatorSteps, double[] objectives, int paretoRank, Integer sameAs) {}
}
