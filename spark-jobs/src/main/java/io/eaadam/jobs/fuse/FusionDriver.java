package io.eaadam.jobs.fuse;

import io.eaadam.common.config.DuplicateExperts;
import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.data.BenchmarkFolder;
import io.eaadam.common.fs.BadInputException;
import io.eaadam.common.fs.FolderLock;
import io.eaadam.common.fs.Storage;
import io.eaadam.common.genome.ExpertMerge;
import io.eaadam.common.genome.Genome;
import io.eaadam.common.store.FusionMetrics;
import io.eaadam.common.store.JsonLinesFile;
import io.eaadam.common.store.Losses;
import io.eaadam.common.store.Manifest;
import io.eaadam.common.store.ModelCard;
import io.eaadam.common.store.RunStore;
import io.eaadam.common.store.StoredWeights;
import io.eaadam.jobs.evaluate.EvaluationDriver;
import io.eaadam.jobs.evaluate.ModelEvaluationTask;
import io.eaadam.jobs.monitor.RunMetrics;
import io.eaadam.jobs.spark.TaskResult;

import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code fuse} (method 5.3-5.5): trains the weight-regression network over experts of a stored generation,
 * a Spark task per {@code fusion.checkpoint-epochs} epochs (checkpointed, so a killed fusion resumes),
 * then a task averages the mixing weights over the fusion set, and the driver merges the experts into
 * one backbone: {@code model.safetensors} with its {@code model.json}, written last.
 */
public final class FusionDriver {

    private static final Logger logger = LoggerFactory.getLogger(FusionDriver.class);
    static final String WEIGHTS = "model.safetensors";

    private final EaAdamConfig config;
    private final JavaSparkContext spark;

    public FusionDriver(EaAdamConfig config, JavaSparkContext spark) {
        this.config = config;
        this.spark = spark;
    }

    /**
     * The chosen experts, each distinct one once: slots holding the same weights are one expert (merged
     * once, or refused with fusion.duplicate-experts = refuse), since merging a copy only weights it twice.
     */
    private List<Integer> distinct(Manifest manifest, List<Integer> chosen) throws IOException {
        Manifest.Experts experts = manifest.distinctExperts(chosen);
        if (experts.repeats().isEmpty()) {
            return experts.distinct();
        }
        String repeats = experts.repeats().entrySet().stream().map(e -> "slot " + e.getKey()
                + " holds the same weights as slot " + e.getValue()).collect(Collectors.joining(", "));
        if (config.fusion().duplicateExperts() == DuplicateExperts.REFUSE) {
            throw new BadInputException("generation " + manifest.generation() + ": " + repeats
                    + "; fusion.duplicate-experts = refuse (merge-once merges each distinct expert once)");
        }
        logger.info("generation {}: {}; merging the distinct experts {} once each", manifest.generation(), repeats,
                experts.distinct());
        return experts.distinct();
    }

    /** The default folder of a fusion: {@code <run>/fused/gen-NNNN}, with the experts if not all. */
    public static String defaultFolder(String runDir, Manifest manifest, List<Integer> experts) {
        String name = RunStore.generationDir(manifest.generation());
        if (experts.size() != manifest.slots().size()) {
            name += "-experts-" + String.join("-", experts.stream().map(String::valueOf).toList());
        }
        return runDir + "/fused/" + name;
    }

    /**
     * Fuses {@code experts} (slots, in merge order) of {@code manifest}'s generation into {@code fusionDir}.
     * A finished fusion of the same generation, experts and settings is returned as it is; an interrupted one
     * continues from its checkpoint; a folder holding another fusion is refused, naming what differs.
     *
     * @param configText the fusion's settings, rendered (the run's configuration with --conf and -D applied)
     */
    public ModelCard run(String runDir, Manifest manifest, List<Integer> experts, String fusionDir,
            String configText) throws IOException {
        try (FolderLock lock = FolderLock.acquire(fusionDir, "eaadam fuse " + fusionDir)) {
            return runLocked(runDir, manifest, experts, fusionDir, configText);
        }
    }

    private ModelCard runLocked(String runDir, Manifest manifest, List<Integer> chosen, String fusionDir,
            String configText) throws IOException {
        List<Integer> experts = distinct(manifest, chosen);
        RunStore fusion = new RunStore(fusionDir);
        String cardPath = fusion.uri(ModelCard.FILE_NAME);
        ModelCard.Source source = new ModelCard.Source(runDir, manifest.generation(), List.copyOf(experts),
                experts.stream().map(k -> manifest.slots().get(k).preference()).toList(),
                Storage.sha256(configText.getBytes(StandardCharsets.UTF_8)), configText);
        if (fusion.readText(ModelCard.FILE_NAME).isPresent()) {
            ModelCard done = ModelCard.read(cardPath);
            refuseOther(cardPath, done.source() == null ? "not a fusion of a run" : done.source().differences(source));
            logger.info("{} exists: this fusion is complete", cardPath);
            return done;
        }
        List<Manifest.FileRef> expertFiles = new ArrayList<>();
        for (int slot : experts) {
            expertFiles.add(manifest.slots().get(slot).generator());
        }
        FusionInputs inputs = new FusionInputs(runDir, expertFiles, fusionDir, source);
        inputs.verifyExperts();

        FusionCheckpoint checkpoint = readCheckpoint(fusion, source);
        JsonLinesFile<FusionMetrics> metrics = FusionMetrics.file(fusion);
        int epochs = config.fusion().epochs();
        Manifest.FileRef stageOne = stageOneDiscriminator(manifest);
        while ((checkpoint == null ? 0 : checkpoint.epochsDone()) < epochs) {
            int first = checkpoint == null ? 0 : checkpoint.epochsDone();
            int last = Math.min(first + config.fusion().checkpointEpochs(), epochs) - 1;
            describe(String.format(Locale.ROOT, "fusion / generation %d / experts %s / epochs %d-%d of %d",
                    manifest.generation(), experts, first, last, epochs), manifest.generation());
            FusionTrainingTask task = new FusionTrainingTask(inputs, checkpoint, stageOne, last);
            EaAdamConfig cfg = config;
            FusionTrainingTask.Output output = TaskResult.values(spark.parallelize(List.of(task), 1)
                    .map(t -> TaskResult.of(() -> t.run(cfg))).collect()).get(0);
            FusionCheckpoint previous = checkpoint;
            checkpoint = commit(fusion, output.checkpoint(), FusionTrainingTask.folder(last));
            checkpoint.write(fusion);
            for (int e = 0; e < output.epochLosses().size(); e++) {
                metrics.append(FusionMetrics.of(first + e, output.epochLosses().get(e)));
            }
            if (previous != null) {
                deleteFolderOf(fusion, previous.heads().weights());
            }
            Losses lastLosses = output.epochLosses().get(output.epochLosses().size() - 1);
            RunMetrics.current().fusionEpoch(last + 1, lastLosses);
            logger.info(String.format(Locale.ROOT, "fusion: epoch %d of %d: L1 %.5f, perceptual %.5f, adversarial "
                    + "%.5f, discriminator %.4f", last + 1, epochs, lastLosses.l1(), lastLosses.perceptual(),
                    lastLosses.adversarial(), lastLosses.discriminator()));
        }

        describe(String.format(Locale.ROOT, "fusion / generation %d / mixing weights over %d fusion-set images",
                manifest.generation(), config.fusion().setImages()), manifest.generation());
        MixingWeightsTask mixingTask = new MixingWeightsTask(inputs, checkpoint == null ? null : checkpoint.heads().weights());
        EaAdamConfig cfg = config;
        Map<String, double[]> mixing = TaskResult.values(spark.parallelize(List.of(mixingTask), 1)
                .map(t -> TaskResult.of(() -> t.run(cfg))).collect()).get(0);

        Genome merged = ExpertMerge.merge(inputs.readExperts(), mixing);
        Manifest.FileRef weights = fusion.writeGenome(WEIGHTS, merged, Map.of("format", "pt", "arch",
                config.model().arch().toString(), "source", runDir + "/" + RunStore.generationDir(manifest.generation())));
        List<ModelCard.LayerMixing> layers = new ArrayList<>();
        mixing.forEach((layer, w) -> layers.add(new ModelCard.LayerMixing(layer, w)));
        ModelCard card = new ModelCard(ModelCard.FORMAT, ModelCard.Architecture.of(config.model()), WEIGHTS,
                weights.sha256(), source, layers,
                validationMetrics(config.model().withWeights(fusion.uri(WEIGHTS), weights.sha256())));
        card.write(cardPath);
        return card;
    }

    /** PSNR/SSIM of the merged model on {@code data.val-hr}, when the config names one. */
    private Map<String, Map<String, Double>> validationMetrics(EaAdamConfig.Model merged) throws IOException {
        if (config.data().valHr().isBlank()) {
            return Map.of();
        }
        BenchmarkFolder benchmark = new BenchmarkFolder("validation", config.data().valHr(), config.data().valLr());
        ModelEvaluationTask.Scores scores = new EvaluationDriver(spark, config, "").evaluate(benchmark,
                Map.of("fused", merged)).get(0);
        return Map.of(benchmark.name(), EvaluationDriver.metrics(scores.result().model()));
    }

    /** The stage-1 discriminator that starts the fusion's (method 3.9: the last slot's by default). */
    private Manifest.FileRef stageOneDiscriminator(Manifest manifest) {
        int slot = config.fusion().discriminatorSlot() < 0 ? manifest.slots().size() - 1
                : config.fusion().discriminatorSlot();
        Manifest.FileRef ref = manifest.slots().get(slot).discriminator();
        if (ref == null && config.loss().gan().weight() > 0) {
            logger.warn("generation {} has no discriminator for slot {}: the fusion discriminator starts from a "
                    + "seeded init", manifest.generation(), slot);
        }
        return ref;
    }

    private static FusionCheckpoint readCheckpoint(RunStore fusion, ModelCard.Source source) throws IOException {
        Optional<FusionCheckpoint> stored = FusionCheckpoint.read(fusion);
        if (stored.isEmpty()) {
            return null;
        }
        FusionCheckpoint checkpoint = stored.get();
        refuseOther(fusion.uri(FusionCheckpoint.FILE), checkpoint.source().differences(source));
        logger.info("fusion: resuming {} after epoch {}", fusion.runDir(), checkpoint.epochsDone());
        return checkpoint;
    }

    /** The accepted attempt's files under their checkpoint names; what other attempts left is deleted. */
    private static FusionCheckpoint commit(RunStore fusion, FusionCheckpoint attempt, String folder) throws IOException {
        StoredWeights heads = fusion.commitTrained(attempt.heads(), folder + "/" + FusionTrainingTask.HEADS);
        StoredWeights discriminator = attempt.discriminator() == null ? null
                : fusion.commitTrained(attempt.discriminator(), folder + "/" + FusionTrainingTask.DISCRIMINATOR);
        fusion.deleteUncommitted(folder);
        return new FusionCheckpoint(attempt.format(), attempt.source(), attempt.epochsDone(), heads, discriminator);
    }

    /** A folder's fusion that differs from the one asked for is never continued nor returned. */
    private static void refuseOther(String file, String differences) throws IOException {
        if (differences != null) {
            throw new IOException(file + ": a fusion of other " + differences
                    + "; choose another --output or delete the folder");
        }
    }

    private static void deleteFolderOf(RunStore store, Manifest.FileRef file) throws IOException {
        org.apache.hadoop.fs.Path folder = Storage.path(store.uri(file.path())).getParent();
        Storage.fs(folder).delete(folder, true);
    }

    private void describe(String description, int generation) {
        RunMetrics.startPhase(spark, "fusion", description, generation, 1, false);
        logger.info(description);
    }
}
