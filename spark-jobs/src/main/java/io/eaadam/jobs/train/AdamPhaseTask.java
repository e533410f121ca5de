package io.eaadam.jobs.train;

import ai.djl.Device;

import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.genome.Genome;
import io.eaadam.common.genome.TrainedWeights;
import io.eaadam.common.store.Losses;
import io.eaadam.common.store.Placement;
import io.eaadam.common.store.RunStore;
import io.eaadam.common.store.StoredWeights;
import io.eaadam.jobs.spark.TaskDevices;
import io.eaadam.worker.ea.AdamPhase;

import org.apache.spark.TaskContext;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * One Spark task of an Adam phase: trains one slot's generator and discriminator for the phase on the
 * executor's device. The generator comes from the driver and goes back to it; the discriminator and its
 * Adam moments are read from and written to the run's store, never passing through the driver, under names
 * of this attempt, which the driver commits. A retry writes the same bytes, since every draw is seeded.
 *
 * @param discriminator the slot's discriminator after its previous phase; null before its first
 */
public record AdamPhaseTask(AdamPhase.Spec spec, int phaseIndex, int generation, Genome generator,
        StoredWeights discriminator) implements Serializable {

    /** What comes back to the driver: the generator, where the discriminator went, losses per epoch, where it ran. */
    public record Output(int slot, Genome generator, StoredWeights discriminator,
            List<Losses> epochLosses, Placement placement) implements Serializable {}

    Output run(EaAdamConfig config, LossAccumulators losses) throws IOException {
        io.eaadam.worker.runtime.TorchRuntime.setThreads(config.device().threads());
        RunStore store = new RunStore(config.run().dir());
        TrainedWeights previous = discriminator == null ? null : store.readTrained(discriminator);
        Device device = TaskDevices.current(config.device().type());
        AdamPhase.Result result = AdamPhase.run(config, spec, generator, previous, ExecutorCache.trainingData(config),
                device, faultHook(config));
        losses.add(spec.slot(), result.epochLosses());
        Placement placement = TaskDevices.placement(device);
        if (result.discriminator() == null) {
            return new Output(spec.slot(), result.generator(), null, result.epochLosses(), placement);
        }
        StoredWeights stored = store.writeTrained(RunStore.attemptName(discriminatorName(generation, spec.slot()),
                TaskDevices.attempt()), result.discriminator(), Map.of("format", "pt", "arch", "vgg_style_discriminator"));
        return new Output(spec.slot(), result.generator(), stored, result.epochLosses(), placement);
    }

    /** Where slot {@code slot}'s discriminator of generation {@code generation} is committed. */
    static String discriminatorName(int generation, int slot) {
        return RunStore.generationDir(generation) + "/disc-" + slot;
    }

    /** Fails the first attempt half-way through when config.faults names this slot and phase. */
    private java.util.function.IntConsumer faultHook(EaAdamConfig config) {
        TaskContext task = TaskContext.get();
        boolean inject = config.faults().adamSlot() == spec.slot() && config.faults().adamPhase() == phaseIndex
                && task != null && task.attemptNumber() == 0;
        if (!inject) {
            return step -> { };
        }
        return step -> {
            if (step == 2) {
                throw new IllegalStateException("injected fault: Adam-phase task of slot " + spec.slot()
                        + " in phase " + phaseIndex + ", first attempt");
            }
        };
    }
}
