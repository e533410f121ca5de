package io.eaadam.jobs.fuse;

import io.eaadam.common.store.Manifest;

import java.io.Serializable;
import java.util.List;

/**
 * {@code <fusion>/checkpoint.json}: where the fusion stands after {@code epochsDone} epochs, written
 * atomically after each Spark task. The files it names carry their sha256.
 *
 * @param source what is being fused; a resumed fusion must fuse the same
 */
record FusionCheckpoint(Source source, int epochsDone, Manifest.FileRef heads, Manifest.FileRef headsAdam,
        long headsSteps, Manifest.FileRef discriminator, Manifest.FileRef discriminatorAdam, long discriminatorSteps)
        implements Serializable {

    static final String FILE = "checkpoint.json";

    /** The run, generation, experts (by slot) and config hash of a fusion. */
    record Source(String run, int generation, List<Integer> experts, String configHash) implements Serializable {}
}
