package io.eaadam.jobs.spark;

import com.typesafe.config.Config;

import io.eaadam.common.config.ConfigLoader;
import io.eaadam.common.fs.Storage;
import io.eaadam.jobs.monitor.EaAdamPlugin;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Arrays;

/**
 * The Spark context of a job. Under spark-submit the master and resources come from there; run by
 * ./eaadam, Spark's local mode with task retries is the default. Any {@code spark.*} key of the HOCON
 * config (a {@code spark { ... }} block, or {@code -Dspark.key=value}) is passed through. The event log
 * of a job on a run is on by default, in the run's folder. {@link EaAdamPlugin} is added to {@code spark.plugins}:
 * eaadam's metrics and its tasks' progress, whichever way the job was started.
 */
public final class SparkSetup {

    private static final Logger logger = LoggerFactory.getLogger(SparkSetup.class);

    private SparkSetup() {}

    /**
     * libtorch allocates and frees tensors of up to hundreds of MB per tile or step, which glibc maps afresh
     * each time and the kernel faults in 4 KB at a time. With malloc's memory on transparent huge pages the
     * faults drop 15x and an upscale ran 5 to 15 % faster (docs/performance.md). glibc reads the variable
     * when a process starts, so it is given to executors here; ./eaadam and deploy/spark-submit.sh set it
     * for the driver (local mode's executor). Unknown to glibc before 2.35, and a no-op where THP is off.
     */
    public static final String MALLOC_VARIABLE = "GLIBC_TUNABLES";
    public static final String MALLOC_HUGE_PAGES = "glibc.malloc.hugetlb=1";

    /** The run's folder of Spark event logs. */
    public static final String EVENT_LOG_FOLDER = "spark-events";

    /** @param runDir the run the job works on (its event log goes there), or null for a job on no run */
    public static JavaSparkContext start(String appName, Config config, String runDir) throws IOException {
        SparkConf conf = new SparkConf();
        // Local mode: 2 task slots, and up to 4 attempts per task so that a failed task is retried.
        conf.setIfMissing("spark.master", "local[2,4]");
        conf.setIfMissing("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
        conf.setIfMissing("spark.kryo.registrator", EaAdamKryoRegistrator.class.getName());
        // A whole RRDB generator (67 MB) travels in one record.
        conf.setIfMissing("spark.kryoserializer.buffer.max", "512m");
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        // An EA stage that cannot have its workers at once fails after a minute (Spark waits 10), see EaWorkers.
        conf.setIfMissing("spark.scheduler.barrier.maxConcurrentTasksCheck.maxFailures", "4");
        ConfigLoader.sparkSettings(config).forEach((name, value) -> conf.set("spark." + name, value));
        addPlugin(conf, EaAdamPlugin.class.getName());
        // Spark names metrics after the application's id unless told otherwise: a dashboard's queries would
        // change with every run.
        conf.setIfMissing("spark.metrics.namespace", "eaadam");
        conf.setIfMissing("spark.executorEnv." + MALLOC_VARIABLE, MALLOC_HUGE_PAGES);
        // After the pass-through: spark-submit's spark.app.name (the main class) reaches the config as a
        // system property, and the UI and the History Server should show what runs.
        conf.setAppName(appName);
        enableEventLog(conf, runDir);
        JavaSparkContext spark = new JavaSparkContext(conf);
        if (spark.sc().uiWebUrl().isDefined()) {
            logger.info("{}: the Spark UI is at {} while it runs", appName, spark.sc().uiWebUrl().get());
        }
        return spark;
    }

    /** Adds {@code plugin} to {@code spark.plugins}, beside any the user names there. */
    private static void addPlugin(SparkConf conf, String plugin) {
        String given = conf.get("spark.plugins", "").trim();
        if (!Arrays.asList(given.split("\\s*,\\s*")).contains(plugin)) {
            conf.set("spark.plugins", given.isEmpty() ? plugin : given + "," + plugin);
        }
    }

    /**
     * The event log, which the History Server replays after the run: on, in {@code <run>/spark-events}
     * unless {@code spark.eventLog.dir} says elsewhere or {@code spark.eventLog.enabled=false}; a job on
     * no run logs only where {@code spark.eventLog.*} says.
     */
    private static void enableEventLog(SparkConf conf, String runDir) throws IOException {
        if (!conf.contains("spark.eventLog.dir") && runDir != null) {
            conf.set("spark.eventLog.dir", runDir + "/" + EVENT_LOG_FOLDER);
        }
        conf.setIfMissing("spark.eventLog.enabled", Boolean.toString(conf.contains("spark.eventLog.dir")));
        if (conf.getBoolean("spark.eventLog.enabled", false)) {
            Path dir = Storage.path(conf.get("spark.eventLog.dir", "/tmp/spark-events"));
            FileSystem fs = Storage.fs(dir);
            fs.mkdirs(dir); // Spark refuses to start without it
            conf.set("spark.eventLog.dir", fs.makeQualified(dir).toString());
        }
    }
}
