package io.eaadam.jobs.train;

import io.eaadam.common.config.ConfigError;

import org.apache.spark.api.java.JavaSparkContext;

import java.io.IOException;

/**
 * How many workers an EA stage has, and what the user reads when the cluster cannot give them at once. A
 * barrier stage needs all its task slots together; Spark waits for them
 * ({@code spark.scheduler.barrier.maxConcurrentTasksCheck.*}) and then fails with its own stack trace.
 */
final class EaWorkers {

    private EaWorkers() {}

    /** {@code ea.workers}, or for 0 every task slot of the cluster as its resources allow (GPUs, cores). */
    static int resolve(JavaSparkContext spark, int configured) {
        return configured > 0 ? configured : Math.max(1, slots(spark));
    }

    /** A Spark job that may meet a bad input. */
    interface Stage<T> {
        T run() throws IOException;
    }

    /** Runs {@code stage}; a cluster without {@code workers} slots at once ends as one line naming the setting. */
    static <T> T run(JavaSparkContext spark, int workers, Stage<T> stage) throws IOException {
        try {
            return stage.run();
        } catch (Exception e) { // Spark raises the check's failure, a checked exception, through Scala
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause.getClass().getSimpleName().equals("BarrierJobSlotsNumberCheckFailed")) {
                    throw new ConfigError("ea.workers = " + workers + ": an EA stage runs its " + workers
                            + " workers at once and the cluster has " + slots(spark) + " task slots; lower "
                            + "-Dea.workers (0 = every slot) or add executors");
                }
            }
            throw e;
        }
    }

    /** The tasks the cluster runs at once under the default resource profile (Spark's own barrier check). */
    private static int slots(JavaSparkContext spark) {
        return spark.sc().maxNumConcurrentTasks(spark.sc().resourceProfileManager().defaultResourceProfile());
    }
}
