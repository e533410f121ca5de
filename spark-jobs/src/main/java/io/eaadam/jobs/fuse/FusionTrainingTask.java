package io.eaadam.jobs.fuse;

import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.genome.TrainedWeights;
import io.eaadam.common.store.Manifest;
import io.eaadam.common.store.RunStore;
import io.eaadam.jobs.spark.TaskDevices;
import io.eaadam.jobs.train.ExecutorCache;
import io.eaadam.worker.fusion.FusionTraining;
import io.eaadam.worker.runtime.TorchRuntime;
import io.eaadam.worker.train.SlotTrainer;

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

    public record Output(FusionCheckpoint checkpoint, List<SlotTrainer.Losses> epochLosses) implements Serializable {}

    Output run(EaAdamConfig config) throws IOException {
        TorchRuntime.setThreads(config.device().threads());
        RunStore fusion = new RunStore(inputs.fusionDir());
        TrainedWeights heads = null;
        TrainedWeights discriminator = null;
        if (previous != null) {
            heads = new TrainedWeights(fusion.readGenome(previous.heads()), fusion.readGenome(previous.headsAdam()),
                    previous.headsSteps());
            if (previous.discriminator() != null) {
                discriminator = new TrainedWeights(fusion.readGenome(previous.discriminator()),
                        fusion.readGenome(previous.discriminatorAdam()), previous.discriminatorSteps());
            }
        } else if (stageOneDiscriminator != null) {
            discriminator = new TrainedWeights(new RunStore(inputs.runDir()).readGenome(stageOneDiscriminator), null, 0);
        }
        int firstEpoch = previous == null ? 0 : previous.epochsDone();
        FusionTraining.Result result = FusionTraining.run(config, inputs.readExperts(), heads, discriminator, firstEpoch,
                lastEpoch, ExecutorCache.trainingData(config), TaskDevices.current(config.device().type()));

        String dir = String.format(Locale.ROOT, "checkpoint/epoch-%04d/", lastEpoch + 1);
        Manifest.FileRef headsRef = fusion.writeGenome(dir + "heads.safetensors", result.heads().weights(), Map.of());
        Manifest.FileRef headsAdam = fusion.writeGenome(dir + "heads-adam.safetensors", result.heads().adam(),
                Map.of("step", Long.toString(result.heads().adamSteps())));
        Manifest.FileRef discriminatorRef = null;
        Manifest.FileRef discriminatorAdam = null;
        long discriminatorSteps = 0;
        if (result.discriminator() != null) {
            discriminatorRef = fusion.writeGenome(dir + "disc.safetensors", result.discriminator().weights(),
                    Map.of("format", "pt", "arch", "vgg_style_discriminator"));
            discriminatorAdam = fusion.writeGenome(dir + "disc-adam.safetensors", result.discriminator().adam(),
                    Map.of("step", Long.toString(result.discriminator().adamSteps())));
            discriminatorSteps = result.discriminator().adamSteps();
        }
        return new Output(new FusionCheckpoint(inputs.source(), lastEpoch + 1, headsRef, headsAdam,
                result.heads().adamSteps(), discriminatorRef, discriminatorAdam, discriminatorSteps),
                result.epochLosses());
    }
}
