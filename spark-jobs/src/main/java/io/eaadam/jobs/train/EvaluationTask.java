package io.eaadam.jobs.train;

import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.genome.Genome;
import io.eaadam.common.mo.Decomposition;
import io.eaadam.common.mo.Objectives;
import io.eaadam.common.mo.PopulationUpdate;
import io.eaadam.common.mo.Variation;
import io.eaadam.common.mo.VariationPlan;
import io.eaadam.jobs.spark.TaskDevices;

import java.util.List;

/**
 * The executor side of an EA evaluation: brings the local population replica up to date with the
 * driver's selections, rebuilds the child from its plan and measures (f1, f2) on the cached EA set.
 * Only the plan (about 40 bytes) comes in and two numbers go out.
 */
public final class EvaluationTask {

    private EvaluationTask() {}

    static Objectives run(EaAdamConfig config, EaSnapshot snapshot, List<PopulationUpdate> updates, VariationPlan plan) {
        io.eaadam.worker.runtime.TorchRuntime.setThreads(config.device().threads());
        Variation variation = new Variation(config.ea(),
                Decomposition.neighbourhoods(config.population().size(), config.population().neighbourhood()));
        List<Genome> population = ExecutorCache.population(snapshot.id(), snapshot.population(), updates, variation);
        Genome child = variation.child(plan, population);
        return ExecutorCache.withEvaluator(config, TaskDevices.current(config.device().type()), e -> e.evaluate(child));
    }

    /** The generators at the start of an EA epoch (or of an evaluation), broadcast once to every executor. */
    public record EaSnapshot(long id, List<Genome> population) implements java.io.Serializable {}
}
