package io.eaadam.jobs.evaluate;

import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.mo.Objectives;
import io.eaadam.jobs.spark.TaskDevices;
import io.eaadam.jobs.train.ExecutorCache;
import io.eaadam.worker.runtime.TorchRuntime;

import java.io.Serializable;

/**
 * The Spark task that measures one model's EA objectives (method 2.5: f1 = L1, f2 = perceptual) on its run's
 * EA set, where a model off the population (an interpolated or fused one) is placed beside the experts.
 *
 * @param model the run's architecture, with the weights file as its {@code initWeights}
 * @param config the run's configuration: EA set, VGG19, seed, device
 */
public record ObjectivesTask(String name, EaAdamConfig.Model model, EaAdamConfig config) implements Serializable {

    public Objectives run() {
        TorchRuntime.setThreads(config.device().threads());
        return ExecutorCache.objectives(config, TaskDevices.current(config.device().type()), model);
    }
}
