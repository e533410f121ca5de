package io.eaadam.jobs.monitor;

import java.io.Serializable;
import java.util.List;

/**
 * What an executor's {@link EaAdamPlugin} sends the driver each second: its running tasks' progress, and its
 * device with the memory in use there.
 *
 * <p>It names the executor by id, not by host: PluginContext.hostname() throws on a cluster's executors, whose
 * RpcEnv is a client's, without an address of its own.
 *
 * @param gpu the CUDA index of the device its tasks last ran on, -1 for the CPU
 */
public record ExecutorReport(String executorId, List<TaskProgress.Snapshot> tasks, int gpu,
        long deviceMemoryUsed) implements Serializable {

    /** The executor's training steps a second, over its running tasks. */
    public double stepsPerSecond() {
        return tasks.stream().filter(t -> t.unit().equals("steps")).mapToDouble(TaskProgress.Snapshot::perSecond).sum();
    }

    /** The images a second its running tasks process (training samples, or images upscaled). */
    public double imagesPerSecond() {
        return tasks.stream().mapToDouble(TaskProgress.Snapshot::imagesPerSecond).sum();
    }
}
