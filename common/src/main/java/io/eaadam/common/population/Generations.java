package io.eaadam.common.population;

import io.eaadam.common.config.Arch;
import io.eaadam.common.config.ConfigLoader;
import io.eaadam.common.fs.BadInputException;
import io.eaadam.common.fs.Storage;
import io.eaadam.common.genome.Genome;
import io.eaadam.common.genome.TensorLayout;
import io.eaadam.common.mo.Objectives;
import io.eaadam.common.mo.Preference;
import io.eaadam.common.schedule.PhaseSchedule;
import io.eaadam.common.store.Manifest;
import io.eaadam.common.store.RunStore;
import io.eaadam.common.store.StoredWeights;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run's generations in its store: {@code gen-NNNN/} holds each slot's generator and the manifest, which
 * is written last (a generation exists once its manifest does) and names every file with its sha256, the
 * objectives, the Pareto front and the configuration the run was started with.
 */
public final class Generations {

    /** The one setting a stored run may be resumed with a new value of: a longer schedule. */
    public static final String CONTINUABLE = "schedule.epochs";

    private final RunStore store;
    private final Arch arch;
    private final String configText;
    private final String configHash;

    /** @param configText the run's configuration as stored in {@code config.conf} */
    public Generations(RunStore store, Arch arch, String configText) {
        this.store = store;
        this.arch = arch;
        this.configText = configText;
        this.configHash = Storage.sha256(configText.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes {@code population} as generation {@code generation}, which closes {@code phase} (null: the warm
     * start), and returns its manifest.
     *
     * @param hypervolumeReference the run's fixed reference point of the hypervolume
     */
    public Manifest write(int generation, PhaseSchedule.Phase phase, Population population,
            Objectives hypervolumeReference) throws IOException {
        String dir = RunStore.generationDir(generation) + "/";
        int[] ranks = population.paretoRanks();
        List<Integer> sameAs = population.sameAs();
        List<Manifest.Slot> slots = new ArrayList<>();
        for (Slot slot : population.slots()) {
            int k = slot.index();
            Manifest.FileRef weights = store.writeGenome(dir + "slot-" + k + ".safetensors", slot.generator(),
                    Map.of("format", "pt", "arch", arch.toString(), "slot", Integer.toString(k),
                            "generation", Integer.toString(generation)));
            StoredWeights d = slot.discriminator();
            slots.add(new Manifest.Slot(k, new double[] {slot.preference().distortion(), slot.preference().perception()},
                    weights, d == null ? null : d.weights(), d == null ? null : d.adam(), d == null ? 0 : d.adamSteps(),
                    new double[] {slot.objectives().distortion(), slot.objectives().perception()}, ranks[k],
                    sameAs.get(k)));
        }
        Manifest manifest = new Manifest(Manifest.FORMAT, generation, phase == null ? "warm-start" : phase.mode().name().toLowerCase(Locale.ROOT),
                phase == null ? -1 : phase.index(), phase == null ? -1 : phase.firstEpoch(),
                phase == null ? -1 : phase.lastEpoch(), slots,
                new double[] {hypervolumeReference.distortion(), hypervolumeReference.perception()},
                population.hypervolume(hypervolumeReference), population.paretoFront(), configHash, configText);
        store.writeManifest(manifest);
        return manifest;
    }

    /**
     * The population of a stored generation, every file checked against the manifest's sha256 before hours
     * of training are spent on it. The generation must have been made with this configuration, or with one
     * that differs only in {@code schedule.epochs} (a run continued under a longer schedule).
     *
     * @param layout the generators' tensor layout (names and shapes), which the files must have
     * @throws IOException naming the file that is missing or corrupted, or a manifest of another configuration
     */
    public Population read(Manifest manifest, TensorLayout layout) throws IOException {
        if (!manifest.configHash().equals(configHash)) {
            List<String> differences = manifest.config() == null ? List.of("(not recorded)")
                    : ConfigLoader.differences(manifest.config(), configText);
            if (differences.size() != 1 || !differences.get(0).startsWith(CONTINUABLE + " ")) {
                throw new BadInputException(store.runDir() + ": generation " + manifest.generation()
                        + " was made with another configuration (" + String.join(", ", differences)
                        + "); resume with the run's own (config.conf), changing at most " + CONTINUABLE);
            }
        }
        List<Slot> slots = new ArrayList<>();
        for (Manifest.Slot stored : manifest.slots()) {
            Genome generator = store.readGenome(stored.generator(), layout);
            StoredWeights discriminator = stored.discriminator() == null ? null
                    : new StoredWeights(stored.discriminator(), stored.discriminatorAdam(), stored.discriminatorSteps());
            if (discriminator != null) {
                store.readTrained(discriminator);
            }
            slots.add(new Slot(stored.slot(), new Preference(stored.preference()[0], stored.preference()[1]),
                    generator, discriminator, new Objectives(stored.objectives()[0], stored.objectives()[1])));
        }
        return new Population(slots);
    }
}
