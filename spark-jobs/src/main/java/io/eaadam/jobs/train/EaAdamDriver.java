package io.eaadam.jobs.train;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import ai.djl.ndarray.NDManager;

import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.genome.Genome;
import io.eaadam.common.genome.TensorLayout;
import io.eaadam.common.mo.Decomposition;
import io.eaadam.common.mo.Objectives;
import io.eaadam.common.mo.Pareto;
import io.eaadam.common.mo.PopulationUpdate;
import io.eaadam.common.mo.Preference;
import io.eaadam.common.mo.Tchebycheff;
import io.eaadam.common.mo.Variation;
import io.eaadam.common.mo.VariationPlan;
import io.eaadam.common.random.Seeds;
import io.eaadam.common.schedule.PhaseSchedule;
import io.eaadam.common.store.Manifest;
import io.eaadam.common.store.RunStore;
import io.eaadam.jobs.report.RunReport;
import io.eaadam.worker.ea.AdamPhase;
import io.eaadam.worker.nn.Generator;
import io.eaadam.worker.nn.Models;
import io.eaadam.worker.runtime.TorchRuntime;
import io.eaadam.worker.train.SlotTrainer;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * EA-Adam on Spark (spec 2, architecture "Data flow of train"). The driver holds the population, its
 * objectives and every random decision of the EA; executors train slots with Adam and evaluate children.
 * After each phase a generation is written to the run's store, from which a run resumes.
 */
public final class EaAdamDriver {

    private static final Logger logger = LoggerFactory.getLogger(EaAdamDriver.class);

    private final EaAdamConfig config;
    private final String configText;
    private final String configHash;
    private final JavaSparkContext spark;
    private final RunStore store;
    private final List<Preference> preferences;
    private final int[][] neighbourhoods;
    private final Variation variation;
    private final int size;

    // The population: slot-indexed generators, their discriminators on the store, their objectives.
    private List<Genome> generators;
    private final Manifest.FileRef[] discriminators;
    private final Manifest.FileRef[] discriminatorAdams;
    private final long[] discriminatorSteps;
    private final Objectives[] objectives;
    private int generation;
    private double[] hypervolumeReference;

    // The EA snapshot shared with the executors; ids only need to differ within this JVM.
    private final Map<Long, Broadcast<EvaluationTask.EaSnapshot>> broadcasts = new java.util.HashMap<>();
    private long nextSnapshotId = System.nanoTime();

    public EaAdamDriver(EaAdamConfig config, String configText, JavaSparkContext spark) {
        this.config = config;
        this.configText = configText;
        this.configHash = RunStore.sha256(configText.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        this.spark = spark;
        this.store = new RunStore(config.run().dir());
        this.size = config.population().size();
        this.preferences = Decomposition.uniformPreferences(size);
        this.neighbourhoods = Decomposition.neighbourhoods(size, config.population().neighbourhood());
        this.variation = new Variation(config.ea(), neighbourhoods);
        this.discriminators = new Manifest.FileRef[size];
        this.discriminatorAdams = new Manifest.FileRef[size];
        this.discriminatorSteps = new long[size];
        this.objectives = new Objectives[size];
    }

    /** Runs (or, with {@code resume}, continues) the schedule and returns the last generation's manifest. */
    public Manifest run(boolean resume) throws IOException {
        List<PhaseSchedule.Phase> phases = PhaseSchedule.of(config.schedule());
        RunMetrics metrics = new RunMetrics(store);
        int nextPhase;
        var latest = store.latest();
        if (resume) {
            Manifest manifest = latest.orElseThrow(() -> new IOException(store.runDir()
                    + ": no complete generation to resume from (no gen-NNNN/manifest.json)"));
            restore(manifest);
            nextPhase = manifest.phaseIndex() + 1;
            metrics.truncateAfter(generation);
            logger.info("resuming {} after generation {} ({} phase {})", store.runDir(), generation,
                    manifest.phase(), manifest.phaseIndex());
        } else {
            if (latest.isPresent()) {
                throw new IOException(store.runDir() + " already holds generations up to "
                        + latest.get().generation() + "; resume it with --resume or choose another run.dir");
            }
            store.writeText("config.conf", configText);
            warmStart(metrics);
            nextPhase = 0;
        }
        Manifest last = null;
        for (PhaseSchedule.Phase phase : phases.subList(Math.min(nextPhase, phases.size()), phases.size())) {
            long start = System.nanoTime();
            JsonObject record = phase.mode() == PhaseSchedule.Mode.ADAM ? adamPhase(phase) : eaPhase(phase);
            generation++;
            last = writeGeneration(phase.mode() == PhaseSchedule.Mode.ADAM ? "adam" : "ea", phase.index(),
                    phase.firstEpoch(), phase.lastEpoch());
            record.addProperty("seconds", (System.nanoTime() - start) / 1e9);
            metrics.append(describe(record, last));
            RunReport.update(config);
        }
        return last == null ? store.latest().orElseThrow() : last;
    }

    /** Generation 0: the warm-start model (model.init-weights, or a seeded init) in every slot. */
    private void warmStart(RunMetrics metrics) throws IOException {
        Genome start;
        try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu(), TorchRuntime.ENGINE);
                Generator generator = Models.generator(config.model(), manager,
                        Seeds.derive(config.run().seed(), "generator-init"))) {
            start = generator.weights().stateDict();
        }
        generators = new ArrayList<>(java.util.Collections.nCopies(size, start));
        generation = 0;
        // Every slot holds the same model: one evaluation serves them all.
        Objectives measured = evaluate("generation 0 / warm start / objectives", identityPlans().subList(0, 1),
                List.of(), snapshot()).get(0);
        Arrays.fill(objectives, measured);
        // Fixed for the run, so that hypervolumes compare across generations: twice the warm start's objectives.
        hypervolumeReference = new double[] {2 * objectives[0].distortion(), 2 * objectives[0].perception()};
        Manifest manifest = writeGeneration("warm-start", -1, -1, -1);
        JsonObject record = new JsonObject();
        metrics.append(describe(record, manifest));
        RunReport.update(config);
    }

    private JsonObject adamPhase(PhaseSchedule.Phase phase) {
        List<AdamPhaseTask> tasks = new ArrayList<>();
        for (int k = 0; k < size; k++) {
            if (k == 0 && !config.population().trainSlot0()) {
                continue; // the authors never Adam-train the pure-L1 slot
            }
            tasks.add(new AdamPhaseTask(new AdamPhase.Spec(k, preferences.get(k), phase.firstEpoch(), phase.lastEpoch()),
                    phase.index(), generation + 1, generators.get(k), discriminators[k], discriminatorAdams[k],
                    discriminatorSteps[k]));
        }
        String description = String.format(Locale.ROOT, "generation %d / Adam phase / epochs %d-%d / slots %s",
                generation + 1, phase.firstEpoch(), phase.lastEpoch(),
                tasks.stream().map(t -> Integer.toString(t.spec().slot())).toList());
        spark.setJobGroup("generation-" + (generation + 1), description, false);
        EaAdamConfig cfg = config;
        LossAccumulators accumulators = new LossAccumulators(spark.sc(), generation + 1,
                tasks.stream().map(t -> t.spec().slot()).toList());
        List<AdamPhaseTask.Output> outputs = spark.parallelize(tasks, tasks.size())
                .map(task -> task.run(cfg, accumulators)).collect();
        List<Genome> next = new ArrayList<>(generators);
        JsonObject losses = new JsonObject();
        JsonObject placements = new JsonObject();
        for (AdamPhaseTask.Output out : outputs) {
            placements.add(Integer.toString(out.slot()), RunMetrics.gson().toJsonTree(out.placement()));
            next.set(out.slot(), out.generator());
            discriminators[out.slot()] = out.discriminator();
            discriminatorAdams[out.slot()] = out.discriminatorAdam();
            discriminatorSteps[out.slot()] = out.discriminatorSteps();
            JsonArray perEpoch = new JsonArray();
            for (SlotTrainer.Losses l : out.epochLosses()) {
                perEpoch.add(RunMetrics.gson().toJsonTree(l));
            }
            losses.add(Integer.toString(out.slot()), perEpoch);
        }
        generators = next;
        List<Objectives> measured = evaluate(String.format(Locale.ROOT, "generation %d / objectives after Adam",
                generation + 1), identityPlans(), List.of(), snapshot());
        for (int k = 0; k < size; k++) {
            objectives[k] = measured.get(k);
        }
        JsonObject record = new JsonObject();
        record.add("losses", losses);
        record.add("placement", placements);
        return record;
    }

    /** EA epochs of spec 2.5: evaluate all slots, then iterations of variation and selection. */
    private JsonObject eaPhase(PhaseSchedule.Phase phase) {
        int accepted = 0;
        int children = 0;
        for (int epoch = phase.firstEpoch(); epoch <= phase.lastEpoch(); epoch++) {
            EvaluationTask.EaSnapshot snapshot = snapshot();
            List<PopulationUpdate> updates = new ArrayList<>();
            String prefix = String.format(Locale.ROOT, "generation %d / EA epoch %d", generation + 1, epoch);
            // The authors re-evaluate every slot here; the objectives of these exact models are known
            // (measured after the last phase or when the child was accepted), and evaluation is deterministic.
            Objectives[] lossValue = objectives.clone();
            Objectives[] z = ideal(lossValue);
            for (int iteration = 0; iteration < config.ea().iterations(); iteration++) {
                List<VariationPlan> plans = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    plans.add(variation.draw(i, Seeds.random(config.run().seed(), "variation", generation + 1,
                            epoch, iteration, i)));
                }
                if (config.ea().mode().equals("steady-state")) {
                    for (VariationPlan plan : plans) { // each child sees the previous child's replacements
                        Objectives f = evaluate(prefix + " / iteration " + iteration + " / slot " + plan.slot(),
                                List.of(plan), updates, snapshot).get(0);
                        accepted += apply(select(List.of(plan), List.of(f), lossValue, z), updates);
                        children++;
                    }
                } else { // one snapshot per iteration, the P children evaluated in parallel
                    List<Objectives> fs = evaluate(prefix + " / iteration " + iteration, plans, updates, snapshot);
                    accepted += apply(select(plans, fs, lossValue, z), updates);
                    children += plans.size();
                }
            }
            System.arraycopy(lossValue, 0, objectives, 0, size);
        }
        JsonObject record = new JsonObject();
        record.addProperty("children", children);
        record.addProperty("replacements", accepted);
        return record;
    }

    /** Applies a selection to the driver's population and queues it for the executors' replicas. */
    private int apply(PopulationUpdate update, List<PopulationUpdate> updates) {
        if (!update.changesAnything()) {
            return 0;
        }
        updates.add(update);
        generators = update.apply(generators, variation);
        return (int) Arrays.stream(update.plans()).filter(java.util.Objects::nonNull).count();
    }

    /**
     * Selection among the current slots ({@code lossValue}, updated in place) and the evaluated children.
     * Tchebycheff (the authors'): each child, in order, replaces the neighbours of its slot it improves,
     * z updated first. NSGA-II: the best slots by Pareto rank and crowding survive, ordered by distortion.
     */
    private PopulationUpdate select(List<VariationPlan> plans, List<Objectives> fs, Objectives[] lossValue,
            Objectives[] z) {
        return config.ea().selection().equals("nsga2") ? selectNsga2(plans, fs, lossValue)
                : selectTchebycheff(plans, fs, lossValue, z);
    }

    private PopulationUpdate selectTchebycheff(List<VariationPlan> plans, List<Objectives> fs,
            Objectives[] lossValue, Objectives[] z) {
        PopulationUpdate update = PopulationUpdate.unchanged(size);
        for (int c = 0; c < plans.size(); c++) {
            VariationPlan plan = plans.get(c);
            Objectives f = fs.get(c);
            z[0] = Objectives.min(z[0], f);
            z[1] = Objectives.max(z[1], f);
            int replaced = 0;
            for (int slot : neighbourhoods[plan.slot()]) {
                if (slot == 0 && !config.population().replaceSlot0()) {
                    continue;
                }
                if (config.ea().maxReplacements() > 0 && replaced >= config.ea().maxReplacements()) {
                    break;
                }
                Preference w = preferences.get(slot);
                if (Tchebycheff.value(f, w, z[0], z[1]) < Tchebycheff.value(lossValue[slot], w, z[0], z[1])) {
                    update = update.withChild(slot, plan);
                    lossValue[slot] = f;
                    replaced++;
                }
            }
        }
        return update;
    }

    private PopulationUpdate selectNsga2(List<VariationPlan> plans, List<Objectives> fs, Objectives[] lossValue) {
        int first = config.population().replaceSlot0() ? 0 : 1; // a frozen slot 0 keeps its model
        List<Objectives> pool = new ArrayList<>();
        for (int k = first; k < size; k++) {
            pool.add(lossValue[k]);
        }
        pool.addAll(fs);
        List<Integer> survivors = new ArrayList<>(Pareto.select(pool, size - first));
        survivors.sort(java.util.Comparator.comparingDouble((Integer i) -> pool.get(i).distortion())
                .thenComparingInt(i -> i));
        int[] fromSlot = new int[size];
        VariationPlan[] childPlans = new VariationPlan[size];
        Objectives[] next = lossValue.clone();
        for (int k = 0; k < first; k++) {
            fromSlot[k] = k;
        }
        for (int j = 0; j < survivors.size(); j++) {
            int slot = first + j;
            int pick = survivors.get(j);
            int members = size - first;
            if (pick < members) {
                fromSlot[slot] = first + pick;
            } else {
                fromSlot[slot] = -1;
                childPlans[slot] = plans.get(pick - members);
            }
            next[slot] = pool.get(pick);
        }
        System.arraycopy(next, 0, lossValue, 0, size);
        return new PopulationUpdate(fromSlot, childPlans);
    }

    /** One Spark job: the plans' children evaluated on the EA set, one task each. */
    private List<Objectives> evaluate(String description, List<VariationPlan> plans, List<PopulationUpdate> updates,
            EvaluationTask.EaSnapshot snapshot) {
        spark.setJobGroup("generation-" + (generation + 1), description, false);
        Broadcast<EvaluationTask.EaSnapshot> shared = broadcasts.computeIfAbsent(snapshot.id(), id -> spark.broadcast(snapshot));
        EaAdamConfig cfg = config;
        List<PopulationUpdate> history = List.copyOf(updates);
        return spark.parallelize(plans, plans.size())
                .map(plan -> EvaluationTask.run(cfg, shared.value(), history, plan))
                .collect();
    }

    private EvaluationTask.EaSnapshot snapshot() {
        for (Broadcast<EvaluationTask.EaSnapshot> old : broadcasts.values()) {
            old.destroy();
        }
        broadcasts.clear();
        return new EvaluationTask.EaSnapshot(nextSnapshotId++, List.copyOf(generators));
    }

    private List<VariationPlan> identityPlans() {
        List<VariationPlan> plans = new ArrayList<>();
        for (int k = 0; k < size; k++) {
            plans.add(new VariationPlan(k, -1, 0, false, 0));
        }
        return plans;
    }

    private static Objectives[] ideal(Objectives[] values) {
        Objectives low = values[0];
        Objectives high = values[0];
        for (Objectives v : values) {
            low = Objectives.min(low, v);
            high = Objectives.max(high, v);
        }
        return new Objectives[] {low, high};
    }

    private Manifest writeGeneration(String phase, int phaseIndex, int firstEpoch, int lastEpoch) throws IOException {
        String dir = RunStore.generationDir(generation) + "/";
        List<Objectives> points = Arrays.asList(objectives);
        int[] ranks = Pareto.ranks(points);
        List<Manifest.Slot> slots = new ArrayList<>();
        for (int k = 0; k < size; k++) {
            Manifest.FileRef weights = store.writeGenome(dir + "slot-" + k + ".safetensors", generators.get(k),
                    Map.of("format", "pt", "arch", config.model().arch(), "slot", Integer.toString(k),
                            "generation", Integer.toString(generation)));
            Preference w = preferences.get(k);
            slots.add(new Manifest.Slot(k, new double[] {w.distortion(), w.perception()}, weights, discriminators[k],
                    discriminatorAdams[k], discriminatorSteps[k],
                    new double[] {objectives[k].distortion(), objectives[k].perception()}, ranks[k]));
        }
        double hypervolume = Pareto.hypervolume(points,
                new Objectives(hypervolumeReference[0], hypervolumeReference[1]));
        Manifest manifest = new Manifest(generation, phase, phaseIndex, firstEpoch, lastEpoch, slots,
                hypervolumeReference, hypervolume, Pareto.front(points), configHash, configText);
        store.writeManifest(manifest);
        logger.info(String.format(Locale.ROOT, "generation %d (%s%s): front %s, hypervolume %.6g", generation, phase,
                phaseIndex < 0 ? "" : " epochs " + firstEpoch + "-" + lastEpoch, manifest.paretoFront(), hypervolume));
        return manifest;
    }

    private void restore(Manifest manifest) throws IOException {
        if (!manifest.configHash().equals(configHash)) {
            throw new IOException(store.runDir() + ": generation " + manifest.generation()
                    + " was made with another configuration; resume with the run's own (config.conf)");
        }
        TensorLayout layout;
        try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu(), TorchRuntime.ENGINE);
                Generator generator = Generator.create(config.model(), manager)) {
            layout = generator.weights().stateDictLayout();
        }
        generators = new ArrayList<>();
        for (Manifest.Slot slot : manifest.slots()) {
            generators.add(store.readGenome(slot.generator(), layout));
            discriminators[slot.slot()] = slot.discriminator();
            discriminatorAdams[slot.slot()] = slot.discriminatorAdam();
            discriminatorSteps[slot.slot()] = slot.discriminatorSteps();
            objectives[slot.slot()] = new Objectives(slot.objectives()[0], slot.objectives()[1]);
            for (Manifest.FileRef ref : new Manifest.FileRef[] {slot.discriminator(), slot.discriminatorAdam()}) {
                if (ref != null) {
                    store.readGenome(ref); // checks that it is there and intact before hours of training
                }
            }
        }
        generation = manifest.generation();
        hypervolumeReference = manifest.hypervolumeReference();
    }

    private static JsonObject describe(JsonObject record, Manifest manifest) {
        record.addProperty("generation", manifest.generation());
        record.addProperty("phase", manifest.phase());
        record.addProperty("first_epoch", manifest.firstEpoch());
        record.addProperty("last_epoch", manifest.lastEpoch());
        JsonArray slots = new JsonArray();
        for (Manifest.Slot slot : manifest.slots()) {
            JsonObject s = new JsonObject();
            s.addProperty("slot", slot.slot());
            s.add("preference", RunMetrics.gson().toJsonTree(slot.preference()));
            s.add("objectives", RunMetrics.gson().toJsonTree(slot.objectives()));
            s.addProperty("pareto_rank", slot.paretoRank());
            slots.add(s);
        }
        record.add("slots", slots);
        record.add("pareto_front", RunMetrics.gson().toJsonTree(manifest.paretoFront()));
        record.addProperty("hypervolume", manifest.hypervolume());
        return record;
    }
}
