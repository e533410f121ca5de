package io.eaadam.jobs.upscale;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;

import com.typesafe.config.Config;

import io.eaadam.common.config.ConfigLoader;
import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.fs.Storage;
import io.eaadam.common.upscale.UpscaleInputs;
import io.eaadam.common.upscale.UpscaleItem;
import io.eaadam.common.upscale.UpscaleRecord;
import io.eaadam.common.upscale.UpscaleReport;
import io.eaadam.jobs.spark.SparkSetup;
import io.eaadam.worker.cli.ModelFileOptions;
import io.eaadam.worker.cli.Overrides;
import io.eaadam.worker.infer.FileUpscaler;
import io.eaadam.worker.infer.TiledUpscaler;
import io.eaadam.worker.nn.Generator;
import io.eaadam.worker.nn.Models;
import io.eaadam.worker.runtime.TorchRuntime;

import org.apache.spark.api.java.JavaSparkContext;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code upscale-bench}: output megapixels per second of the Spark upscale job (local mode, {@code --slots}
 * task slots of {@code --threads / --slots} libtorch threads each) against a plain loop in this process
 * ({@code --threads} libtorch threads) over the same files with the same model and settings. Rounds
 * alternate which goes first; a warm-up round of each is not counted. Prints one line per round and a
 * JSON summary: the median rates and the median of the per-round ratios (each taken from two runs close
 * in time, so it is steadier than the ratio of medians when other work shares the machine).
 */
@Command(name = "upscale-bench", header = "Output megapixels per second of the upscale job against a plain loop.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Output megapixels per second of the upscale job on Spark local mode against a plain loop over "
            + "the same files with the same model and settings (docs/upscale.md)."})
public final class UpscaleBenchCommand implements Callable<Integer> {

    @Option(names = "--input", required = true, paramLabel = "DIR", description = "The images.")
    String input;

    @Option(names = "--work", required = true, paramLabel = "DIR", description = "Where both write their outputs.")
    String work;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "3", description = "Timed rounds (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "2",
            description = "libtorch threads in all (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--slots", paramLabel = "N", defaultValue = "2",
            description = "Spark task slots, threads / slots libtorch threads each (default: ${DEFAULT-VALUE}).")
    int slots;

    @Mixin
    ModelFileOptions model;

    @Mixin
    Overrides overrideOptions;

    @Override
    public Integer call() throws IOException {
        EaAdamConfig.Model stored = model.model();
        List<String> overrides = new ArrayList<>(overrideOptions.list());
        overrides.add("spark.master=local[" + slots + "]");
        overrides.add("device.type=cpu");
        overrides.add("device.threads=" + Math.max(1, threads / slots));
        Config raw = ConfigLoader.resolve(null, overrides);
        EaAdamConfig config = EaAdamConfig.from(raw);
        // The loop writes where the job would, under its own folder.
        List<UpscaleItem> items = UpscaleInputs.list(List.of(input), work + "/loop", config.upscale().format()).items();
        double[] loop = new double[rounds];
        double[] job = new double[rounds];
        double[] ratio = new double[rounds];
        try (JavaSparkContext spark = SparkSetup.start("eaadam upscale-bench", raw, null);
                NDManager manager = NDManager.newBaseManager(Device.cpu(), TorchRuntime.ENGINE);
                Generator generator = Models.generator(stored, manager, 0)) {
            UpscaleDriver driver = new UpscaleDriver(spark, new UpscaleTask(stored, config.upscale(), config.device()));
            FileUpscaler files = new FileUpscaler(new TiledUpscaler(generator, config.upscale().tile(),
                    config.upscale().overlap(), config.upscale().batch()), config.upscale());
            for (int round = -1; round < rounds; round++) {
                boolean loopFirst = round % 2 == 0;
                double loopRate = 0;
                double jobRate = 0;
                for (int turn = 0; turn < 2; turn++) {
                    if ((turn == 0) == loopFirst) {
                        loopRate = loop(files, items, work + "/loop", threads);
                    } else {
                        jobRate = job(driver, input, work + "/job");
                    }
                }
                System.out.printf(Locale.ROOT, "%s: loop %.3f MP/s, Spark job %.3f MP/s, ratio %.3f%n",
                        round < 0 ? "warm-up" : "round " + (round + 1), loopRate, jobRate, jobRate / loopRate);
                if (round >= 0) {
                    loop[round] = loopRate;
                    job[round] = jobRate;
                    ratio[round] = jobRate / loopRate;
                }
            }
        }
        System.out.printf(Locale.ROOT, "{\"mode\": \"upscale-job\", \"images\": %d, \"rounds\": %d, \"threads\": %d, "
                + "\"slots\": %d, \"loop_mp_s\": %.4f, \"job_mp_s\": %.4f, \"ratio\": %.4f}%n", items.size(), rounds,
                threads, slots, median(loop), median(job), median(ratio));
        return 0;
    }

    /** The plain loop: every file in order on one generator in this thread; output megapixels per second. */
    private static double loop(FileUpscaler files, List<UpscaleItem> items, String output, int threads)
            throws IOException {
        delete(output);
        TorchRuntime.setThreads(threads);
        long pixels = 0;
        long start = System.nanoTime();
        for (UpscaleItem item : items) {
            UpscaleRecord record = files.upscale(Storage.path(item.source()), Storage.path(item.target()));
            pixels += record.outputPixels();
        }
        return pixels / 1e6 / ((System.nanoTime() - start) / 1e9);
    }

    private static double job(UpscaleDriver driver, String input, String output) throws IOException {
        delete(output);
        long start = System.nanoTime();
        UpscaleReport report = driver.run(List.of(input), output);
        long pixels = report.records().stream().mapToLong(UpscaleRecord::outputPixels).sum();
        return pixels / 1e6 / ((System.nanoTime() - start) / 1e9);
    }

    private static void delete(String dir) throws IOException {
        Storage.fs(Storage.path(dir)).delete(Storage.path(dir), true);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
