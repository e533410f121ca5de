package io.eaadam.common.store;

import java.util.List;

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

    /** A file in the run folder with its checksum. */
    public record FileRef(String path, String sha256) implements java.io.Serializable {}

    /**
     * One population slot.
     *
     * @param discriminator null until the slot's first Adam phase (it is created there)
     * @param objectives [f1, f2] on the EA set
     */
    public record Slot(int slot, double[] preference, FileRef generator, FileRef discriminator,
            FileRef discriminatorAdam, long discriminatorSteps, double[] objectives, int paretoRank) {}
}
