package io.eaadam.jobs.train;

import ai.djl.Device;

import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.genome.Genome;
import io.eaadam.common.genome.TrainedWeights;
import io.eaadam.common.store.Losses;
import io.eaadam.common.store.Manifest;
import io.eaadam.common.store.Placement;
import io.eaadam.common.store.RunStore;
import io.eaadam.common.store.StoredWeights;
import io.eaadam.jobs.monitor.TaskProgress;
import io.eaadam.jobs.spark.TaskDevices;
import io.eaadam.worker.ea.AdamPhase;
import io.eaadam.worker.train.StepListener;

import org.apache.spark.TaskContext;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * One Spark task of an Adam phase: trains one slot's generator and discriminator for the phase on the
 * executor's device. The generator comes from the phase's broadcast; the trained one, the discriminator and
 * its Adam moments go to the run's store under names of this attempt, and only their references and sha256
 * travel back (an RRDB generator is 67 MB: P of them would pass Spark's result size limit). The driver reads
 * the generator and commits the discriminator. A retry writes the same bytes, since every draw is seeded.
 *
 * @param discriminator the slot's discriminator after its previous phase; null before its first
 */
public record AdamPhaseTask(AdamPhase.Spec spec, int phaseIndex, int generation, StoredWeights discriminator)
        implements Serializable {

    /** What comes back to the driver: where the generator and discriminator went, losses per epoch, where it ran. */
    public record Output(int slot, Manifest.FileRef generator, StoredWeights discriminator,
            List<Losses> epochLosses, Placement placement) implements Serializable {}

    Output run(EaAdamConfig config, Genome generator, LossAccumulators losses) throws IOException {
        io.eaadam.worker.runtime.TorchRuntime.setThreads(config.device().threads());
        RunStore store = new RunStore(config.run().dir());
        TrainedWeights previous = discriminator == null ? null : store.readTrained(discriminator);
        Device device = TaskDevices.current(config.device().type());
        AdamPhase.Result result;
        try (TaskProgress progress = TaskProgress.start("slot " + spec.slot(), "steps", 0, device)) {
            result = AdamPhase.run(config, spec, generator, previous, ExecutorCache.trainingData(config), device,
                    progress.steps(config.data().batchSize()).andThen(faultHook(config)));
        }
        losses.add(spec.slot(), result.epochLosses());
        Manifest.FileRef trained = store.writeGenome(RunStore.attemptName(RunStore.generationDir(generation)
                + "/trained-" + spec.slot(), TaskDevices.attempt()) + ".safetensors", result.generator(),
                Map.of("format", "pt", "arch", config.model().arch().toString()));
        StoredWeights stored = result.discriminator() == null ? null : store.writeTrained(RunStore.attemptName(
                discriminatorName(generation, spec.slot()), TaskDevices.attempt()), result.discriminator(),
                Map.of("format", "pt", "arch", "vgg_style_discriminator"));
        return new Output(spec.slot(), trained, stored, result.epochLosses(), TaskDevices.placement(device));
    }

    /** Where slot {@code slot}'s discriminator of generation {@code generation} is committed. */
    static String discriminatorName(int generation, int slot) {
        return RunStore.generationDir(generation) + "/disc-" + slot;
    }

    /** Fails the first attempt half-way through when config.faults names this slot and phase. */
    private StepListener faultHook(EaAdamConfig config) {
        TaskContext task = TaskContext.get();
        boolean inject = config.faults().adamSlot() == spec.slot() && config.faults().adamPhase() == phaseIndex
                && task != null && task.attemptNumber() == 0;
        if (!inject) {
            return StepListener.NONE;
        }
        return (step, steps, lastLosses) -> {
            if (step == 2) {
                throw new IllegalStateException("injected fault: Adam-phase task of slot " + spec.slot()
                        + " in phase " + phaseIndex + ", first attempt");
            }
        };
    }
}
