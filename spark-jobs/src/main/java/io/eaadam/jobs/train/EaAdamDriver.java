package io.eaadam.jobs.train;

import ai.djl.ndarray.NDManager;

import io.eaadam.common.config.ConfigLoader;
import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.fs.FolderLock;
import io.eaadam.common.fs.Storage;
import io.eaadam.common.genome.Genome;
import io.eaadam.common.genome.TensorLayout;
import io.eaadam.common.mo.Decomposition;
import io.eaadam.common.mo.Objectives;
import io.eaadam.common.population.EaEpoch;
import io.eaadam.common.population.Generations;
import io.eaadam.common.population.Population;
import io.eaadam.common.population.Slot;
import io.eaadam.common.random.Seeds;
import io.eaadam.common.schedule.PhaseSchedule;
import io.eaadam.common.store.GenerationMetrics;
import io.eaadam.common.store.JsonLinesFile;
import io.eaadam.common.store.Losses;
import io.eaadam.common.store.Manifest;
import io.eaadam.common.store.Placement;
import io.eaadam.common.store.RunStore;
import io.eaadam.common.store.StoredWeights;
import io.eaadam.common.store.WarmStart;
import io.eaadam.jobs.monitor.RunMetrics;
import io.eaadam.jobs.report.LiveReport;
import io.eaadam.jobs.spark.AllGather;
import io.eaadam.jobs.spark.TaskResult;
import io.eaadam.worker.ea.AdamPhase;
import io.eaadam.worker.nn.Generator;
import io.eaadam.worker.nn.Models;
import io.eaadam.worker.runtime.TorchRuntime;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * EA-Adam on Spark (method 2, 10.1). The driver holds the {@link Population} and runs the schedule's
 * phases on the executors: an Adam phase is one task per trainable slot, an EA epoch ({@link EaEpoch})
 * one barrier stage ({@link EaStage}) whose workers share the EA set and keep replicas of the population;
 * the driver replays their selections. After each phase a generation is written to the run's store, from
 * which a run resumes.
 */
public final class EaAdamDriver {

    private static final Logger logger = LoggerFactory.getLogger(EaAdamDriver.class);

    private final EaAdamConfig config;
    private final String configText;
    private final JavaSparkContext spark;
    private final RunStore store;
    private final Generations generations;
    private Population population;
    private int generation;
    /** Fixed for the run, so that hypervolumes compare across generations: twice the warm start's objectives. */
    private Objectives hypervolumeReference;
    /** The generators the executors hold for the current EA stage. */
    private Broadcast<EaStage.Start> snapshot;
    /** Where the workers of EA stages exchange their per-image losses (the driver's AllGather service). */
    private AllGather.Address exchange;
    /** The run's report while it trains: with the running phase, rewritten meanwhile; final once closed. */
    private LiveReport report;

    public EaAdamDriver(EaAdamConfig config, String configText, JavaSparkContext spark) {
        this.config = config;
        this.configText = configText;
        this.spark = spark;
        this.store = new RunStore(config.run().dir());
        this.generations = new Generations(store, config.model().arch(), configText);
    }

    /** What a phase adds to its line of metrics.jsonl (see {@link GenerationMetrics}). */
    private record PhaseOutcome(Map<Integer, List<Losses>> losses, Map<Integer, Placement> placement,
            Integer children, Integer replacements, List<Placement> eaWorkers) {}

    /**
     * Runs (or, with {@code resume}, continues) the schedule and returns the last generation's manifest. The run
     * folder is locked meanwhile: a second train, resume or demo on it is refused. Its report shows the running
     * phase meanwhile ({@link LiveReport}); the last one written, however the run ends, is the final report.
     */
    public Manifest run(boolean resume) throws IOException {
        try (FolderLock lock = FolderLock.acquire(store.runDir(), "eaadam train " + store.runDir());
                AllGather allGather = AllGather.start(spark.getConf().get("spark.driver.host"));
                LiveReport live = LiveReport.start(config)) {
            report = live;
            exchange = allGather.address();
            return runLocked(resume);
        }
    }

    private Manifest runLocked(boolean resume) throws IOException {
        List<PhaseSchedule.Phase> phases = PhaseSchedule.of(config.schedule());
        JsonLinesFile<GenerationMetrics> metrics = GenerationMetrics.file(store);
        int nextPhase = resume ? restore(metrics) : warmStart(metrics);
        Manifest last = null;
        for (PhaseSchedule.Phase phase : phases.subList(Math.min(nextPhase, phases.size()), phases.size())) {
            long start = System.nanoTime();
            PhaseOutcome outcome = phase.mode() == PhaseSchedule.Mode.ADAM ? adamPhase(phase) : eaPhase(phase);
            generation++;
            last = write(phase);
            metrics.append(GenerationMetrics.of(last, (System.nanoTime() - start) / 1e9, outcome.losses(),
                    outcome.placement(), outcome.children(), outcome.replacements(), outcome.eaWorkers()));
            report.update();
        }
        return last == null ? store.latest().orElseThrow() : last;
    }

    /**
     * Generation 0: the warm-start model in every slot: model.init-weights, else stage 0 ({@link #stageZero}),
     * else (schedule.warm-start-steps = 0) BasicSR's seeded init.
     */
    private int warmStart(JsonLinesFile<GenerationMetrics> metrics) throws IOException {
        var latest = store.latest();
        if (latest.isPresent()) {
            throw new IOException(store.runDir() + " already holds generations up to " + latest.get().generation()
                    + "; resume it with --resume or choose another run.dir");
        }
        store.writeText(RunStore.CONFIG, configText);
        Genome start;
        if (config.model().initWeights().isBlank() && config.schedule().warmStartSteps() > 0) {
            start = stageZero();
        } else {
            try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu(), TorchRuntime.ENGINE);
                    Generator generator = Models.generator(config.model(), manager,
                            Seeds.derive(config.run().seed(), "generator-init"))) {
                start = generator.weights().stateDict();
            }
        }
        // Every slot holds the same model: one measurement serves them all.
        Objectives measured = measure(0, "generation 0 / warm start / objectives", List.of(start)).get(0);
        population = Population.warmStart(Decomposition.uniformPreferences(config.population().size()), start, measured);
        generation = 0;
        hypervolumeReference = new Objectives(2 * measured.distortion(), 2 * measured.perception());
        metrics.append(GenerationMetrics.of(write(null), null, null, null, null, null, null));
        report.update();
        return 0;
    }

    /**
     * Stage 0: one generator trained on L1 alone for schedule.warm-start-steps, in one Spark task, kept in the
     * run ({@link WarmStart}) so that a run restarted before generation 0 was written reuses it.
     */
    private Genome stageZero() throws IOException {
        String configSha256 = Storage.sha256(configText.getBytes(StandardCharsets.UTF_8));
        Optional<WarmStart> done = WarmStart.read(store);
        if (done.isPresent() && done.get().configSha256().equals(configSha256)) {
            logger.info("stage 0: reusing {}", store.uri(WarmStart.WEIGHTS));
            return store.readGenome(done.get().weights());
        }
        int steps = config.schedule().warmStartSteps();
        logger.info("stage 0: the L1 warm start, {} steps (schedule.warm-start-steps)", steps);
        startPhase(0, "generation 0 / stage 0, L1 warm start / " + steps + " steps", 1, false);
        long start = System.nanoTime();
        EaAdamConfig cfg = config;
        WarmStartTask.Output trained = TaskResult.values(spark.parallelize(List.of(0), 1)
                .map(i -> TaskResult.of(() -> WarmStartTask.run(cfg))).collect()).get(0);
        Manifest.FileRef weights = store.writeGenome(WarmStart.WEIGHTS, trained.weights(),
                Map.of("format", "pt", "arch", config.model().arch().toString(), "stage", "l1-warm-start"));
        WarmStart warmStart = new WarmStart(WarmStart.FORMAT, steps, configSha256, weights,
                (System.nanoTime() - start) / 1e9, trained.losses(), trained.placement());
        warmStart.write(store);
        logger.info(String.format(Locale.ROOT, "stage 0: L1 %.4f after %d steps, %.0f s", warmStart.finalL1(), steps,
                warmStart.seconds()));
        return trained.weights();
    }

    /**
     * The population of the newest complete generation; returns the next phase's index. A run continued under
     * a longer schedule (the one change {@link Generations#read} allows) stores that schedule first.
     */
    private int restore(JsonLinesFile<GenerationMetrics> metrics) throws IOException {
        Manifest manifest = store.latest().orElseThrow(() -> new IOException(store.runDir()
                + ": no complete generation to resume from (no gen-NNNN/manifest.json)"));
        int next = PhaseSchedule.next(PhaseSchedule.of(config.schedule()), manifest.phaseIndex(),
                manifest.firstEpoch(), manifest.lastEpoch());
        TensorLayout layout;
        try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu(), TorchRuntime.ENGINE);
                Generator generator = Generator.create(config.model(), manager)) {
            layout = generator.weights().stateDictLayout();
        }
        population = generations.read(manifest, layout);
        generation = manifest.generation();
        hypervolumeReference = new Objectives(manifest.hypervolumeReference()[0], manifest.hypervolumeReference()[1]);
        metrics.retain(line -> line.generation() <= generation);
        String stored = store.configText();
        if (!stored.equals(configText)) {
            logger.info("continuing {} with {}", store.runDir(), String.join(", ",
                    ConfigLoader.differences(stored, configText)));
            store.writeText(RunStore.CONFIG, configText);
        }
        logger.info("resuming {} after generation {} ({} phase {})", store.runDir(), generation, manifest.phase(),
                manifest.phaseIndex());
        report.update(); // live from the first phase on
        return next;
    }

    /** One task per trainable slot; then every slot's objectives are measured. */
    private PhaseOutcome adamPhase(PhaseSchedule.Phase phase) throws IOException {
        List<AdamPhaseTask> tasks = new ArrayList<>();
        for (Slot slot : population.slots()) {
            if (slot.index() == 0 && !config.population().trainSlot0()) {
                continue; // the authors never Adam-train the pure-L1 slot
            }
            tasks.add(new AdamPhaseTask(new AdamPhase.Spec(slot.index(), slot.preference(), phase.firstEpoch(),
                    phase.lastEpoch()), phase.index(), generation + 1, slot.discriminator()));
        }
        List<Integer> slots = tasks.stream().map(t -> t.spec().slot()).toList();
        startPhase(generation + 1, String.format(Locale.ROOT, "generation %d / Adam phase / epochs %d-%d / slots %s",
                generation + 1, phase.firstEpoch(), phase.lastEpoch(), slots), tasks.size(), false);
        EaAdamConfig cfg = config;
        LossAccumulators accumulators = new LossAccumulators(spark.sc(), generation + 1, slots);
        Broadcast<EaStage.Start> generators = share(population.generators());
        List<AdamPhaseTask.Output> outputs = TaskResult.values(spark.parallelize(tasks, tasks.size())
                .map(task -> TaskResult.of(() -> task.run(cfg, generators.value().generators().get(task.spec().slot()),
                        accumulators))).collect());
        Map<Integer, List<Losses>> losses = new TreeMap<>();
        Map<Integer, Placement> placements = new TreeMap<>();
        for (AdamPhaseTask.Output out : outputs) {
            StoredWeights discriminator = out.discriminator() == null ? null : store.commitTrained(out.discriminator(),
                    AdamPhaseTask.discriminatorName(generation + 1, out.slot()));
            Genome trained = store.readGenome(out.generator(), population.slot(out.slot()).generator().layout());
            population = population.with(out.slot(),
                    slot -> slot.withGenerator(trained).withDiscriminator(discriminator));
            placements.put(out.slot(), out.placement());
            losses.put(out.slot(), out.epochLosses());
        }
        store.deleteUncommitted(RunStore.generationDir(generation + 1));
        population = population.withObjectives(measure(generation + 1, String.format(Locale.ROOT,
                "generation %d / objectives after Adam", generation + 1), population.generators()));
        return new PhaseOutcome(losses, placements, null, null, null);
    }

    /**
     * The phase's EA epochs (method 2.5), each one barrier stage. The driver replays the workers' selections
     * from their objectives and checks that its population is theirs.
     */
    private PhaseOutcome eaPhase(PhaseSchedule.Phase phase) throws IOException {
        int children = 0;
        int replacements = 0;
        List<EaStage.Outcome> outcomes = List.of();
        int workers = EaWorkers.resolve(spark, config.ea().workers());
        for (int e = phase.firstEpoch(); e <= phase.lastEpoch(); e++) {
            int epoch = e;
            EaEpoch ea = new EaEpoch(config, population, generation + 1, epoch);
            startPhase(generation + 1, String.format(Locale.ROOT, "generation %d / EA epoch %d / %d children on %d workers",
                    generation + 1, epoch, config.ea().iterations() * population.size(), workers), workers, true);
            outcomes = EaWorkers.run(spark, workers, () -> EaStage.epoch(spark, config, exchange,
                    share(population.generators()), population, generation + 1, epoch, workers));
            Iterator<Objectives> measured = EaStage.objectives(outcomes).iterator();
            while (!ea.done()) {
                List<Objectives> competing = new ArrayList<>();
                ea.nextChildren().forEach(child -> competing.add(measured.next()));
                ea.select(competing);
            }
            population = ea.population();
            if (!population.digest().equals(outcomes.get(0).populationDigest())) {
                throw new IllegalStateException("EA epoch " + epoch + ": the driver's replay of the selections "
                        + "differs from the workers' population");
            }
            children += ea.children();
            replacements += ea.replacements();
            RunMetrics.current().eaEpoch(ea.children(), ea.replacements());
        }
        return new PhaseOutcome(null, null, children, replacements,
                outcomes.stream().map(EaStage.Outcome::placement).toList());
    }

    /** One barrier stage measuring {@code generators} on the EA set; their objectives in order. */
    private List<Objectives> measure(int forGeneration, String description, List<Genome> generators)
            throws IOException {
        int workers = EaWorkers.resolve(spark, config.ea().workers());
        startPhase(forGeneration, description, workers, true);
        return EaStage.objectives(EaWorkers.run(spark, workers,
                () -> EaStage.measure(spark, config, exchange, share(generators), forGeneration, workers)));
    }

    /** Names the next Spark jobs in the UI and starts their phase in the progress display and metrics. */
    private void startPhase(int forGeneration, String description, int tasks, boolean shared) {
        RunMetrics.startPhase(spark, "generation-" + forGeneration, description, forGeneration, tasks, shared);
    }

    /** Broadcasts {@code generators} to the executors, in place of the previous snapshot. */
    private Broadcast<EaStage.Start> share(List<Genome> generators) {
        if (snapshot != null) {
            snapshot.destroy();
        }
        snapshot = spark.broadcast(new EaStage.Start(List.copyOf(generators)));
        return snapshot;
    }

    private Manifest write(PhaseSchedule.Phase phase) throws IOException {
        Manifest manifest = generations.write(generation, phase, population, hypervolumeReference);
        RunMetrics.current().generation(manifest);
        logger.info(String.format(Locale.ROOT, "generation %d (%s%s): front %s, hypervolume %.6g", generation,
                manifest.phase(), phase == null ? "" : " epochs " + phase.firstEpoch() + "-" + phase.lastEpoch(),
                manifest.paretoFront(), manifest.hypervolume()));
        return manifest;
    }
}
