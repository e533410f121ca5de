package io.eaadam.jobs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;

import io.eaadam.common.cli.Args;
import io.eaadam.common.cli.UsageError;
import io.eaadam.common.config.ConfigLoader;
import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.store.Manifest;
import io.eaadam.common.store.ModelCard;
import io.eaadam.common.store.RunStore;
import io.eaadam.jobs.fuse.FusionDriver;
import io.eaadam.jobs.report.RunReport;
import io.eaadam.jobs.spark.SparkSetup;
import io.eaadam.worker.cli.Command;
import io.eaadam.worker.runtime.TorchRuntime;

import org.apache.spark.api.java.JavaSparkContext;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code fuse}: stages 2 and 3 on a stored run, so fusion can be rerun on any generation without training
 * again. Settings come from the run's config.conf, then {@code --conf}, then {@code -D} overrides.
 */
final class FuseCommand implements Command {

    @Override
    public String name() {
        return "fuse";
    }

    @Override
    public String usage() {
        return "fuse --run RUN_DIR [--generation N (default: newest)] [--experts 0,1,... (default: all slots)] "
                + "[--output DIR (default: RUN_DIR/fused/gen-NNNN)] [--conf FILE|PRESET] [-Dkey=value ...]";
    }

    @Override
    public int run(String[] argv) throws IOException {
        Args args = Args.parse(name(), argv, Set.of());
        String runDir = args.required("run");
        int generation = args.intOption("generation", -1);
        String expertList = args.optional("experts", null);
        String output = args.optional("output", null);
        String conf = args.optional("conf", null);
        args.checkAllRead();

        RunStore store = new RunStore(runDir);
        String stored = store.readText("config.conf").orElseThrow(() -> new IOException(runDir
                + ": no config.conf; expected the folder of a run made by ./eaadam train or demo"));
        Config raw = ConfigLoader.resolve(stored, store.uri("config.conf"), conf, args.overrides())
                .withValue("eaadam.run.dir", ConfigValueFactory.fromAnyRef(runDir));
        EaAdamConfig config = EaAdamConfig.from(raw);
        Manifest manifest = generation < 0
                ? store.latest().orElseThrow(() -> new IOException(runDir + ": no complete generation to fuse"))
                : store.readManifest(generation);
        List<Integer> experts = experts(expertList, manifest.slots().size());
        String fusionDir = output != null ? output : FusionDriver.defaultFolder(runDir, manifest, experts);
        String configHash = RunStore.sha256(ConfigLoader.render(raw.withoutPath("eaadam.run.dir"))
                .getBytes(StandardCharsets.UTF_8));

        TorchRuntime.setThreads(config.device().threads());
        ModelCard card;
        try (JavaSparkContext spark = SparkSetup.start("eaadam fuse " + runDir, raw, runDir)) {
            card = new FusionDriver(config, spark).run(runDir, manifest, experts, fusionDir, configHash);
        }
        RunReport.update(config);
        System.out.printf(Locale.ROOT, "fuse: %s/%s from generation %d, experts (slots) %s%n", fusionDir,
                ModelCard.FILE_NAME, card.source().generation(), card.source().experts());
        for (Map.Entry<String, Map<String, Double>> benchmark : card.metrics().entrySet()) {
            System.out.printf(Locale.ROOT, "  %s: %s%n", benchmark.getKey(), benchmark.getValue());
        }
        return 0;
    }

    /** The experts by slot, ascending: the merge order never depends on how they were listed. */
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
                    throw new UsageError("fuse: --experts '" + list + "': expected slot numbers such as 0,2,4");
                }
                if (slot < 0 || slot >= slots || !chosen.add(slot)) {
                    throw new UsageError("fuse: --experts '" + list + "': each slot once, from 0 to " + (slots - 1));
                }
            }
        }
        return new ArrayList<>(chosen);
    }
}
