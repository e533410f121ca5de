package io.eaadam.jobs.fuse;

import ai.djl.Device;

import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.genome.TrainedWeights;
import io.eaadam.common.store.Losses;
import io.eaadam.common.store.Manifest;
import io.eaadam.common.store.RunStore;
import io.eaadam.common.store.StoredWeights;
import io.eaadam.jobs.monitor.TaskProgress;
import io.eaadam.jobs.spark.TaskDevices;
import io.eaadam.jobs.train.ExecutorCache;
import io.eaadam.worker.fusion.FusionTraining;
import io.eaadam.worker.runtime.TorchRuntime;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One Spark task of {@code fuse}: trains the attention heads from the last checkpoint through
 * {@code lastEpoch} on the executor's device and writes the next checkpoint's files to the fusion folder.
 * The experts are read from the run by the executor, checked against their manifest checksums.
 *
 * @param previous the checkpoint to start from; null at the start
 * @param stageOneDiscriminator the stored stage-1 discriminator that starts the fusion's; null for a
 *     seeded one
 */
public record FusionTrainingTask(FusionInputs inputs, FusionCheckpoint previous, Manifest.FileRef stageOneDiscriminator,
        int lastEpoch) implements Serializable {

    public record Output(FusionCheckpoint checkpoint, List<Losses> epochLosses) implements Serializable {}

    static final String HEADS = "heads";
    static final String DISCRIMINATOR = "disc";

    /** The folder of the checkpoint after epoch {@code lastEpoch}, in the fusion's folder. */
    static String folder(int lastEpoch) {
        return String.format(Locale.ROOT, "checkpoint/epoch-%04d", lastEpoch + 1);
    }

    Output run(EaAdamConfig config) throws IOException {
        TorchRuntime.setThreads(config.device().threads());
        RunStore fusion = new RunStore(inputs.fusionDir());
        TrainedWeights heads = null;
        TrainedWeights discriminator = null;
        if (previous != null) {
            heads = fusion.readTrained(previous.heads());
            discriminator = previous.discriminator() == null ? null : fusion.readTrained(previous.discriminator());
        } else if (stageOneDiscriminator != null) {
            discriminator = new TrainedWeights(new RunStore(inputs.runDir()).readGenome(stageOneDiscriminator), null, 0);
        }
        int firstEpoch = previous == null ? 0 : previous.epochsDone();
        Device device = TaskDevices.current(config.device().type());
        FusionTraining.Result result;
        try (TaskProgress progress = TaskProgress.start("fusion", "steps", 0, device)) {
            result = FusionTraining.run(config, inputs.readExperts(), heads, discriminator, firstEpoch, lastEpoch,
                    ExecutorCache.trainingData(config), device, progress.steps(config.data().batchSize()));
        }

        // Under names of this attempt: the driver commits the attempt it accepts (FusionDriver).
        String dir = folder(lastEpoch);
        long attempt = TaskDevices.attempt();
        StoredWeights trainedHeads = fusion.writeTrained(RunStore.attemptName(dir + "/" + HEADS, attempt),
                result.heads(), Map.of());
        StoredWeights trainedDiscriminator = result.discriminator() == null ? null : fusion.writeTrained(
                RunStore.attemptName(dir + "/" + DISCRIMINATOR, attempt), result.discriminator(),
                Map.of("format", "pt", "arch", "vgg_style_discriminator"));
        return new Output(new FusionCheckpoint(FusionCheckpoint.FORMAT, inputs.source(), lastEpoch + 1, trainedHeads,
                trainedDiscriminator), result.epochLosses());
    }
}
