package io.eaadam.jobs.train;

import ai.djl.Device;

import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.genome.Genome;
import io.eaadam.common.mo.Preference;
import io.eaadam.common.store.Losses;
import io.eaadam.common.store.Placement;
import io.eaadam.jobs.monitor.TaskProgress;
import io.eaadam.jobs.spark.TaskDevices;
import io.eaadam.worker.runtime.TorchRuntime;
import io.eaadam.worker.train.SingleSlotTraining;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;

/**
 * The Spark task of stage 0: one generator trained on L1 alone (preference (1, 0)) from BasicSR's seeded init
 * for {@code schedule.warm-start-steps}, on the executor's device. Every slot of the run starts from it.
 */
public final class WarmStartTask {

    /** The trained generator, its L1 loss per log interval, and where it ran. */
    public record Output(Genome weights, List<Losses> losses, Placement placement) implements Serializable {}

    private WarmStartTask() {}

    static Output run(EaAdamConfig config) throws IOException {
        TorchRuntime.setThreads(config.device().threads());
        Device device = TaskDevices.current(config.device().type());
        SingleSlotTraining.Result result;
        try (TaskProgress progress = TaskProgress.start("L1 warm start", "steps", 0, device)) {
            result = SingleSlotTraining.run(config, new Preference(1, 0), config.schedule().warmStartSteps(), device,
                    progress.steps(config.data().batchSize()));
        }
        return new Output(result.weights(), result.log(), TaskDevices.placement(device));
    }
}
