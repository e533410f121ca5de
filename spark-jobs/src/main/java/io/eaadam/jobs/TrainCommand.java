package io.eaadam.jobs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;

import io.eaadam.common.cli.Args;
import io.eaadam.common.cli.UsageError;
import io.eaadam.common.config.ConfigLoader;
import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.store.Manifest;
import io.eaadam.common.store.RunStore;
import io.eaadam.jobs.spark.SparkSetup;
import io.eaadam.jobs.train.EaAdamDriver;
import io.eaadam.worker.cli.Command;
import io.eaadam.worker.runtime.TorchRuntime;

import org.apache.spark.api.java.JavaSparkContext;

import java.io.IOException;
import java.util.Locale;
import java.util.Set;

/**
 * {@code train}: EA-Adam population training on Spark (local mode by default, any cluster through
 * spark-submit). {@code --resume RUN} continues a run from its newest complete generation with the
 * configuration stored in the run.
 */
final class TrainCommand implements Command {

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String usage() {
        return "train --conf FILE|PRESET [-Dkey=value ...]  |  train --resume RUN_DIR [-Dspark.key=value ...]";
    }

    @Override
    public int run(String[] argv) throws IOException {
        Args args = Args.parse(name(), argv, Set.of());
        String conf = args.optional("conf", null);
        String resume = args.optional("resume", null);
        args.checkAllRead();
        if ((conf == null) == (resume == null)) {
            throw new UsageError("train: give either --conf (a new run) or --resume RUN_DIR");
        }
        Config raw;
        String configText;
        if (resume == null) {
            raw = ConfigLoader.resolve(conf, args.overrides());
            // Where the run lives is not part of what it is: a run folder can move (and resume there).
            configText = ConfigLoader.render(raw.withoutPath("eaadam.run.dir"));
        } else {
            configText = storedConfigText(resume);
            for (String override : args.overrides()) {
                if (!override.startsWith("spark.")) {
                    throw new UsageError("train --resume: only spark.* overrides are allowed (the run keeps its "
                            + "configuration); got -D" + override);
                }
            }
            raw = storedConfig(resume, configText);
            for (String override : args.overrides()) {
                int eq = override.indexOf('=');
                raw = raw.withValue(override.substring(0, eq), ConfigValueFactory.fromAnyRef(override.substring(eq + 1)));
            }
        }
        EaAdamConfig config = EaAdamConfig.from(raw);
        TorchRuntime.setThreads(config.device().threads());
        Manifest last;
        try (JavaSparkContext spark = SparkSetup.start("eaadam train " + config.run().dir(), raw, config.run().dir())) {
            last = new EaAdamDriver(config, configText, spark).run(resume != null);
        }
        System.out.printf(Locale.ROOT, "train: %s generation %d (%s), hypervolume %.6g, Pareto front %s%n",
                config.run().dir(), last.generation(), last.phase(), last.hypervolume(), last.paretoFront());
        for (Manifest.Slot slot : last.slots()) {
            System.out.printf(Locale.ROOT, "  slot %d preference (%.2f, %.2f): f1 %.6f  f2 %.6f  rank %d%n", slot.slot(),
                    slot.preference()[0], slot.preference()[1], slot.objectives()[0], slot.objectives()[1],
                    slot.paretoRank());
        }
        return 0;
    }

    /** The configuration a run was started with ({@code <run>/config.conf}). */
    static String storedConfigText(String run) throws IOException {
        return new RunStore(run).readText("config.conf").orElseThrow(() -> new IOException(run
                + ": no config.conf; expected the folder of a run started with ./eaadam train"));
    }

    /** The run's configuration, where it lives now. */
    static Config storedConfig(String run, String configText) {
        return ConfigFactory.parseMap(java.util.Map.of("eaadam.run.dir", run))
                .withFallback(ConfigLoader.fromText(configText, run + "/config.conf"));
    }
}
