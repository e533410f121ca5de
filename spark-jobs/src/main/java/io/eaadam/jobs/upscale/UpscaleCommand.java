package io.eaadam.jobs.upscale;

import com.typesafe.config.Config;

import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.upscale.UpscaleInputs;
import io.eaadam.common.upscale.UpscaleRecord;
import io.eaadam.common.upscale.UpscaleReport;
import io.eaadam.jobs.ProgressOptions;
import io.eaadam.jobs.monitor.ProgressDisplay;
import io.eaadam.jobs.spark.SparkSetup;
import io.eaadam.worker.cli.ModelFileOptions;
import io.eaadam.worker.cli.UpscaleOptions;
import io.eaadam.worker.runtime.TorchRuntime;

import org.apache.spark.api.java.JavaSparkContext;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code upscale}: upscales image archives on Spark (local mode by default, any cluster through
 * spark-submit). Bad inputs are reported and skipped; the exit status is then 1, as when the job itself fails.
 */
@Command(name = "upscale", header = "Upscales image archives on Spark, tile by tile, resumable, with a report.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Upscales image archives on Spark, tile by tile, resumable (complete outputs are skipped), with "
            + "upscale-report.json and .csv in --output. A bad input is reported and skipped; the exit status is then 1."})
public final class UpscaleCommand implements Callable<Integer> {

    @Option(names = "--input", required = true, paramLabel = "DIR|FILE|GLOB,...",
            description = "Folders (at any depth, relative paths kept), files or Hadoop globs, comma-separated.")
    String input;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "The output folder.")
    String output;

    @Mixin
    ModelFileOptions model;

    @Mixin
    UpscaleOptions upscale;

    @Mixin
    ProgressOptions progress;

    @Override
    public Integer call() throws IOException {
        EaAdamConfig.Model stored = model.model();
        Config raw = upscale.resolve();
        EaAdamConfig config = EaAdamConfig.from(raw);
        TorchRuntime.setThreads(config.device().threads());
        UpscaleReport report;
        try (JavaSparkContext spark = SparkSetup.start("eaadam upscale " + output, raw, null);
                ProgressDisplay shown = progress.show()) {
            UpscaleTask task = new UpscaleTask(stored, config.upscale(), config.device());
            report = new UpscaleDriver(spark, task).run(UpscaleInputs.split(input), output);
        }
        for (UpscaleRecord failed : report.records()) {
            if (failed.status().equals(UpscaleRecord.FAILED)) {
                System.err.println("eaadam upscale: " + failed.reason());
            }
        }
        System.out.printf(Locale.ROOT, "upscale: %d ok, %d skipped (done before), %d failed; report: %s/%s%n",
                report.count(UpscaleRecord.OK), report.count(UpscaleRecord.SKIPPED),
                report.count(UpscaleRecord.FAILED), output, UpscaleReport.JSON);
        return report.count(UpscaleRecord.FAILED) == 0 ? 0 : 1;
    }
}
