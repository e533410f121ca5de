package io.eaadam.jobs;

import com.typesafe.config.Config;

import io.eaadam.common.config.ConfigLoader;
import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.data.PairLoader;
import io.eaadam.common.population.Generations;
import io.eaadam.common.store.Manifest;
import io.eaadam.common.store.RunStore;
import io.eaadam.jobs.monitor.ProgressDisplay;
import io.eaadam.jobs.spark.SparkSetup;
import io.eaadam.jobs.train.EaAdamDriver;
import io.eaadam.worker.cli.Overrides;
import io.eaadam.worker.cli.UsageError;
import io.eaadam.worker.runtime.TorchRuntime;

import org.apache.spark.api.java.JavaSparkContext;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code train}: EA-Adam population training on Spark (local mode by default, any cluster through
 * spark-submit). {@code --resume RUN} continues a run from its newest complete generation with the
 * configuration stored in the run.
 */
@Command(name = "train", header = "EA-Adam population training on Spark, resumable.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"EA-Adam population training on Spark: Adam and EA phases, a generation written after each "
            + "(RUN/gen-NNNN), resumable with --resume."})
final class TrainCommand implements Callable<Integer> {

    /** A new run's settings, or the run to continue. */
    static final class Start {
        @Option(names = "--conf", required = true, paramLabel = "FILE|PRESET",
                description = "A new run: a HOCON file, or a preset of conf/ (demo, srresnet-x4, rrdb-x4, swinir-x4, swinir-light-x4).")
        String conf;

        @Option(names = "--resume", required = true, paramLabel = "RUN",
                description = "Continues RUN from its newest complete generation, with its own configuration; "
                    + "-Dschedule.epochs=N continues a run for more epochs.")
        String resume;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Start start;

    @Mixin
    Overrides overrides;

    @Mixin
    ProgressOptions progress;

    @Override
    public Integer call() throws IOException {
        Config raw;
        String configText;
        if (start.resume == null) {
            raw = ConfigLoader.resolve(start.conf, overrides.list());
            configText = ConfigLoader.renderRun(raw);
        } else {
            boolean longer = false;
            for (String override : overrides.list()) {
                String key = override.substring(0, override.indexOf('=')).replaceFirst("^eaadam\\.", "");
                longer |= key.equals(Generations.CONTINUABLE);
                if (!key.startsWith("spark.") && !key.equals(Generations.CONTINUABLE)
                        && !key.equals(ConfigLoader.EA_WORKERS)) {
                    throw new UsageError("--resume: only -D" + Generations.CONTINUABLE + "=N (a longer schedule), "
                            + "-Dea.workers and spark.* overrides are allowed (the run keeps its configuration); got -D"
                            + override);
                }
            }
            configText = new RunStore(start.resume).configText();
            raw = ConfigLoader.resolveRun(start.resume, configText, null, overrides.list());
            if (longer) {
                configText = ConfigLoader.renderRun(raw);
            }
        }
        EaAdamConfig config = EaAdamConfig.from(raw);
        config.loss().perceptual().requireVgg();
        PairLoader.hrFiles(config.data().requireTrainHr());
        TorchRuntime.setThreads(config.device().threads());
        Manifest last;
        try (JavaSparkContext spark = SparkSetup.start("eaadam train " + config.run().dir(), raw, config.run().dir());
                ProgressDisplay shown = progress.show()) {
            last = new EaAdamDriver(config, configText, spark).run(start.resume != null);
        }
        System.out.printf(Locale.ROOT, "train: %s generation %d (%s), hypervolume %.6g, Pareto front %s%n",
                config.run().dir(), last.generation(), last.phase(), last.hypervolume(), last.paretoFront());
        System.out.print(last.objectivesTable());
        return 0;
    }
}
