package io.eaadam.common.store;

import java.util.List;

/**
 * What one generation of a run holds (written last, atomically: a generation exists once its manifest
 * does). Paths are relative to the run folder; every file carries its sha256.
 *
 * @param phase "warm-start", "adam" or "ea"
 * @param phaseIndex the schedule's phase this generation closed; -1 for the warm start
 * @param objectives per slot [f1, f2] on the EA set, or null before any evaluation
 */
public record Manifest(int generation, String phase, int phaseIndex, int firstEpoch, int lastEpoch,
        List<Slot> slots, double[] hypervolumeReference, double hypervolume, List<Integer> paretoFront,
        String configHash, String config) {

    /** A file in the run folder with its checksum. */
    public record FileRef(String path, String sha256) implements java.io.Serializable {}

    /**
     * One population slot.
     *
     * @param discriminator null until the slot's first Adam phase (it is created there)
     */
    public record Slot(int slot, double[] preference, FileRef generator, FileRef discriminator,
            FileRef discriminatorAdam, long discriminatorSteps, double[] objectives, int paretoRank) {}
}
