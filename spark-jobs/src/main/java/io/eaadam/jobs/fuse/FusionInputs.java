package io.eaadam.jobs.fuse;

import io.eaadam.common.genome.Genome;
import io.eaadam.common.store.Manifest;
import io.eaadam.common.store.ModelCard;
import io.eaadam.common.store.RunStore;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What every task of a fusion reads: the experts in the run's store (in merge order, by slot) and the
 * fusion's own folder.
 */
record FusionInputs(String runDir, List<Manifest.FileRef> experts, String fusionDir, ModelCard.Source source)
        implements Serializable {

    /** Checks the experts' files against their manifest checksums, on the driver before any task reads them. */
    void verifyExperts() throws IOException {
        RunStore run = new RunStore(runDir);
        for (Manifest.FileRef expert : experts) {
            run.verify(expert);
        }
    }

    /** The experts, each checked against its manifest checksum. */
    List<Genome> readExperts() throws IOException {
        RunStore run = new RunStore(runDir);
        List<Genome> genomes = new ArrayList<>();
        for (Manifest.FileRef expert : experts) {
            genomes.add(run.readGenome(expert));
        }
        return genomes;
    }
}
