package io.eaadam.jobs.fuse;

import io.eaadam.common.json.Json;
import io.eaadam.common.store.Manifest;
import io.eaadam.common.store.ModelCard;
import io.eaadam.common.store.RunStore;
import io.eaadam.common.store.StoredWeights;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code <fusion>/checkpoint.json}: where the fusion stands after {@code epochsDone} epochs, written
 * atomically after each Spark task. The files it names carry their sha256.
 *
 * @param source what is being fused, with which settings; a resumed fusion must fuse the same
 * @param discriminator null when the fusion trains without a GAN term
 */
record FusionCheckpoint(String format, ModelCard.Source source, int epochsDone, StoredWeights heads,
        StoredWeights discriminator) implements Serializable {

    static final String FILE = "checkpoint.json";
    static final String FORMAT = "eaadam-fusion-checkpoint/2";

    /** The first release's checkpoint.json: camelCase keys, each file and its Adam moments side by side. */
    private record Unversioned(FirstSource source, int epochsDone, Manifest.FileRef heads, Manifest.FileRef headsAdam,
            long headsSteps, Manifest.FileRef discriminator, Manifest.FileRef discriminatorAdam,
            long discriminatorSteps) {

        /** The first release's source: no preferences, no settings but their hash. */
        private record FirstSource(String run, int generation, List<Integer> experts, String configHash) {}

        FusionCheckpoint upgrade() {
            return new FusionCheckpoint(FORMAT, new ModelCard.Source(source.run(), source.generation(),
                    source.experts(), null, source.configHash(), null), epochsDone,
                    new StoredWeights(heads, headsAdam, headsSteps), discriminator == null ? null
                            : new StoredWeights(discriminator, discriminatorAdam, discriminatorSteps));
        }
    }

    void write(RunStore fusion) throws IOException {
        fusion.writeText(FILE, Json.write(this));
    }

    /** The fusion folder's checkpoint, if it has one. */
    static Optional<FusionCheckpoint> read(RunStore fusion) throws IOException {
        Optional<String> text = fusion.readText(FILE);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String origin = fusion.uri(FILE);
        if (Json.formatOf(text.get()).equals(Json.UNVERSIONED)) {
            return Optional.of(Json.read(text.get(), Unversioned.class, FORMAT, origin,
                    Map.of(Json.UNVERSIONED, Json.CAMEL_CASE)).upgrade());
        }
        return Optional.of(Json.read(text.get(), FusionCheckpoint.class, FORMAT, origin, Json.NO_OLDER_FORMATS));
    }
}
