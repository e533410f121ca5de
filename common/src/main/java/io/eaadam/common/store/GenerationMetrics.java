package io.eaadam.common.store;

import com.google.gson.Gson;

import io.eaadam.common.json.Json;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * One line of a run's {@code metrics.jsonl}: a generation as its phase wrote it. Every line has the
 * objectives, Pareto front and hypervolume; an Adam phase's line adds each trained slot's mean losses per
 * epoch and where its task ran, an EA phase's line the children it judged and the slots they took.
 *
 * @param seconds the phase's wall time; null for the warm start
 * @param losses slot to its losses per epoch of the phase; null but for Adam phases
 * @param placement slot to where its Adam-phase task ran; null but for Adam phases
 * @param children the children evaluated; null but for EA phases
 * @param replacements the slots that took a child; null but for EA phases
 * @param eaWorkers where each worker of the phase's (last) EA stage ran, by rank; null but for EA phases
 */
public record GenerationMetrics(String format, int generation, String phase, int firstEpoch, int lastEpoch,
        List<SlotObjectives> slots, List<Integer> paretoFront, double hypervolume, Double seconds,
        Map<Integer, List<Losses>> losses, Map<Integer, Placement> placement, Integer children, Integer replacements,
        List<Placement> eaWorkers) {

    public static final String FORMAT = "eaadam-run-metrics/1";
    public static final String FILE = "metrics.jsonl";
    /** Lines written before formats were versioned have the same keys, but gpuAddress (see {@link Placement}). */
    private static final Map<String, Gson> OLDER = Map.of(Json.UNVERSIONED, Json.GSON);

    /** A slot's preference, objectives and Pareto rank in the generation. */
    public record SlotObjectives(int slot, double[] preference, double[] objectives, int paretoRank) {}

    /** The line of a generation, from its manifest, with what the phase adds. */
    public static GenerationMetrics of(Manifest manifest, Double seconds, Map<Integer, List<Losses>> losses,
            Map<Integer, Placement> placement, Integer children, Integer replacements, List<Placement> eaWorkers) {
        List<SlotObjectives> slots = manifest.slots().stream().map(s -> new SlotObjectives(s.slot(), s.preference(),
                s.objectives(), s.paretoRank())).toList();
        return new GenerationMetrics(FORMAT, manifest.generation(), manifest.phase(), manifest.firstEpoch(),
                manifest.lastEpoch(), slots, manifest.paretoFront(), manifest.hypervolume(), seconds, losses,
                placement, children, replacements, eaWorkers);
    }

    /** The run's metrics file. */
    public static JsonLinesFile<GenerationMetrics> file(RunStore run) throws IOException {
        return new JsonLinesFile<>(run, FILE, GenerationMetrics.class, FORMAT, OLDER);
    }
}
