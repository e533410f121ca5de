package io.eaadam.jobs.spark;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

import java.util.Map;

/**
 * The Spark context of a job. Under spark-submit the master and resources come from there; run by
 * ./eaadam, Spark's local mode with task retries is the default. Any {@code spark.*} key of the HOCON
 * config (a {@code spark { ... }} block, or {@code -Dspark.key=value}) is passed through.
 */
public final class SparkSetup {

    private SparkSetup() {}

    public static JavaSparkContext start(String appName, Config config) {
        SparkConf conf = new SparkConf().setAppName(appName);
        // Local mode: 2 task slots, and up to 4 attempts per task so that a failed task is retried.
        conf.setIfMissing("spark.master", "local[2,4]");
        conf.setIfMissing("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
        conf.setIfMissing("spark.kryo.registrator", EaAdamKryoRegistrator.class.getName());
        // A whole RRDB generator (67 MB) travels in one record.
        conf.setIfMissing("spark.kryoserializer.buffer.max", "512m");
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        if (config.hasPath("spark")) {
            for (Map.Entry<String, ConfigValue> entry : config.getConfig("spark").entrySet()) {
                conf.set("spark." + entry.getKey(), String.valueOf(entry.getValue().unwrapped()));
            }
        }
        return new JavaSparkContext(conf);
    }
}
