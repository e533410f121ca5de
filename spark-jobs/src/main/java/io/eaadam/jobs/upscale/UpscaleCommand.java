package io.eaadam.jobs.upscale;

import com.typesafe.config.Config;

import io.eaadam.common.cli.Args;
import io.eaadam.common.cli.UsageError;
import io.eaadam.common.config.ConfigError;
import io.eaadam.common.config.ConfigLoader;
import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.upscale.UpscaleRecord;
import io.eaadam.common.upscale.UpscaleReport;
import io.eaadam.jobs.spark.SparkSetup;
import io.eaadam.worker.cli.Command;
import io.eaadam.worker.cli.ModelOptions;
import io.eaadam.worker.runtime.TorchRuntime;

import org.apache.spark.api.java.JavaSparkContext;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code upscale}: upscales image archives on Spark (local mode by default, any cluster through
 * spark-submit). Bad inputs are reported and skipped; the exit status is 0 unless the job itself fails.
 */
public final class UpscaleCommand implements Command {

    /** Command-line options and the config keys they set. */
    private static final List<String[]> OPTION_KEYS = List.of(new String[] {"format", "upscale.format"},
            new String[] {"quality", "upscale.quality"}, new String[] {"tile", "upscale.tile"},
            new String[] {"overlap", "upscale.overlap"}, new String[] {"batch", "upscale.batch"},
            new String[] {"device", "device.type"}, new String[] {"threads", "device.threads"});

    @Override
    public String name() {
        return "upscale";
    }

    @Override
    public String usage() {
        return "upscale --model model.json|FILE.safetensors --input DIR|FILE|GLOB[,...] --output DIR [--format png|jpeg] "
                + "[--quality 95] [--tile 256 --overlap 16] [--batch 4] [--device auto|cpu|gpu:N] [--threads N] "
                + "[--arch srresnet|rrdb --scale 4 --num-feat 64 --num-block 16] [--conf FILE] [-Dupscale.key=value]";
    }

    @Override
    public int run(String[] argv) throws IOException {
        Args args = Args.parse(name(), argv, Set.of());
        EaAdamConfig.Model model = ModelOptions.readStored(args);
        List<String> inputs = splitInputs(args.required("input"));
        String output = args.required("output");
        String conf = args.optional("conf", null);
        List<String> overrides = new ArrayList<>(args.overrides());
        for (String[] option : OPTION_KEYS) {
            String value = args.optional(option[0], null);
            if (value != null) {
                overrides.add(option[1] + "=" + value);
            }
        }
        args.checkAllRead();
        Config raw;
        EaAdamConfig config;
        try {
            raw = ConfigLoader.resolve(conf, overrides);
            config = EaAdamConfig.from(raw);
        } catch (ConfigError e) {
            throw new UsageError(name() + ": " + e.getMessage());
        }
        TorchRuntime.setThreads(config.device().threads());
        UpscaleReport report;
        try (JavaSparkContext spark = SparkSetup.start("eaadam upscale " + output, raw, null)) {
            UpscaleTask task = new UpscaleTask(model, config.upscale(), config.device());
            report = new UpscaleDriver(spark, task, System.err).run(inputs, output);
        }
        for (UpscaleRecord failed : report.records()) {
            if (failed.status().equals(UpscaleRecord.FAILED)) {
                System.err.println("eaadam upscale: skipped " + failed.reason());
            }
        }
        System.out.printf(Locale.ROOT, "upscale: %d ok, %d skipped (done before), %d failed; report: %s/%s%n",
                report.count(UpscaleRecord.OK), report.count(UpscaleRecord.SKIPPED),
                report.count(UpscaleRecord.FAILED), output, UpscaleReport.JSON);
        return 0;
    }

    /** Comma-separated inputs; a comma inside a glob's {a,b} braces belongs to the glob. */
    static List<String> splitInputs(String value) {
        List<String> inputs = new ArrayList<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == ',' && depth == 0) {
                inputs.add(current.toString());
                current.setLength(0);
                continue;
            }
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            current.append(c);
        }
        inputs.add(current.toString());
        inputs.removeIf(String::isBlank);
        return inputs;
    }
}
