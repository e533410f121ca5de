package io.eaadam.jobs;

import com.typesafe.config.Config;

import io.eaadam.common.config.ConfigLoader;
import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.data.PairLoader;
import io.eaadam.common.store.Manifest;
import io.eaadam.common.store.ModelCard;
import io.eaadam.common.store.RunStore;
import io.eaadam.jobs.fuse.FusionDriver;
import io.eaadam.jobs.report.RunReport;
import io.eaadam.jobs.monitor.ProgressDisplay;
import io.eaadam.jobs.spark.SparkSetup;
import io.eaadam.worker.cli.ConfigOptions;
import io.eaadam.worker.cli.UsageError;
import io.eaadam.worker.runtime.TorchRuntime;

import org.apache.spark.api.java.JavaSparkContext;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code fuse}: stages 2 and 3 on a stored run, so fusion can be rerun on any generation without training
 * again. Settings come from the run's config.conf, then {@code --conf}, then {@code -D} overrides.
 */
@Command(name = "fuse", header = "Fuses the experts of a stored generation into one backbone and its model card.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains the fusion network over experts of a stored generation and merges them into one "
            + "backbone: model.safetensors and model.json. Settings: the run's config.conf < --conf < -D."})
final class FuseCommand implements Callable<Integer> {

    @Option(names = "--run", required = true, paramLabel = "RUN", description = "The run's folder.")
    String run;

    @Option(names = "--generation", paramLabel = "N", description = "The generation to fuse (default: the newest).")
    Integer generation;

    @Option(names = "--experts", paramLabel = "SLOT,...",
            description = "The slots to merge, e.g. 0,2,4 (default: all); merged in slot order, however listed.")
    String experts;

    @Option(names = "--output", paramLabel = "DIR", description = "Default: RUN/fused/gen-NNNN[-experts-...].")
    String output;

    @Mixin
    ConfigOptions configOptions;

    @Mixin
    ProgressOptions progress;

    @Override
    public Integer call() throws IOException {
        RunStore store = new RunStore(run);
        Config raw = ConfigLoader.resolveRun(run, store.configText(), configOptions.conf(),
                configOptions.overrides());
        EaAdamConfig config = EaAdamConfig.from(raw);
        config.loss().perceptual().requireVgg();
        PairLoader.hrFiles(config.data().requireTrainHr());
        if (!config.fusion().setHr().isBlank()) {
            PairLoader.hrFiles(config.fusion().setHr());
        }
        Manifest manifest = generation == null
                ? store.latest().orElseThrow(() -> new IOException(run + ": no complete generation to fuse"))
                : store.readManifest(generation);
        List<Integer> chosen = experts(experts, manifest.slots().size());
        String fusionDir = output != null ? output : FusionDriver.defaultFolder(run, manifest, chosen);
        String configText = ConfigLoader.renderRun(raw);

        TorchRuntime.setThreads(config.device().threads());
        ModelCard card;
        try (JavaSparkContext spark = SparkSetup.start("eaadam fuse " + run, raw, run);
                ProgressDisplay shown = progress.show()) {
            card = new FusionDriver(config, spark).run(run, manifest, chosen, fusionDir, configText);
        }
        RunReport.update(config);
        System.out.printf(Locale.ROOT, "fuse: %s/%s from generation %d, experts (slots) %s%n", fusionDir,
                ModelCard.FILE_NAME, card.source().generation(), card.source().experts());
        for (Map.Entry<String, Map<String, Double>> benchmark : card.metrics().entrySet()) {
            System.out.printf(Locale.ROOT, "  %s: %s%n", benchmark.getKey(), benchmark.getValue().entrySet().stream()
                    .map(m -> String.format(Locale.ROOT, m.getKey().startsWith("psnr") ? "%s %.2f dB" : "%s %.4f",
                            m.getKey(), m.getValue()))
                    .collect(Collectors.joining(", ")));
        }
        return 0;
    }

    /** The experts by slot, ascending: the merge order never depends on how they were listed (B14). */
    static List<Integer> experts(String list, int slots) {
        TreeSet<Integer> chosen = new TreeSet<>();
        if (list == null) {
            for (int k = 0; k < slots; k++) {
                chosen.add(k);
            }
        } else {
            for (String part : list.split(",")) {
                int slot;
                try {
                    slot = Integer.parseInt(part.trim());
                } catch (NumberFormatException e) {
                    throw new UsageError("--experts '" + list + "': expected slot numbers such as 0,2,4");
                }
                if (slot < 0 || slot >= slots || !chosen.add(slot)) {
                    throw new UsageError("--experts '" + list + "': each slot once, from 0 to " + (slots - 1));
                }
            }
        }
        return new ArrayList<>(chosen);
    }
}
