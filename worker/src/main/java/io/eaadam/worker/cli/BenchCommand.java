package io.eaadam.worker.cli;

import io.eaadam.common.config.ArchitectureDetection;
import io.eaadam.common.config.ConfigLoader;
import io.eaadam.common.config.DeviceChoice;
import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.worker.bench.Bench;
import io.eaadam.worker.bench.EaShareBench;
import io.eaadam.worker.runtime.Devices;
import io.eaadam.worker.runtime.TorchRuntime;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code bench}: throughput of the executor's work on random data. */
@Command(name = "bench", header = "Training-step, EA-evaluation and inference throughput on random data.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Prints training-step, EA-evaluation and inference throughput on random data (images/s, "
            + "output megapixels/s); tools/bench/compare.py runs it beside the PyTorch reference "
            + "(docs/performance.md)."})
final class BenchCommand implements Callable<Integer> {

    private static final String MODES = "adam-step, l1-step, ea-eval, infer, ea-share or all";

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "all",
            description = "adam-step, l1-step, ea-eval, infer, ea-share (the driver's share of an EA phase) or all "
                    + "(default: ${DEFAULT-VALUE}).")
    String mode;

    @Mixin
    ArchitectureOptions architecture;

    @Option(names = "--conf", paramLabel = "FILE|PRESET",
            description = "Takes the model from a config or preset of conf/ (swinir-light-x4: SwinIR's numbers are "
                    + "settings); the architecture options given override it.")
    String conf;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "16",
            description = "Batch size; for ea-share the EA tiles timed (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--patch", paramLabel = "PIXELS", defaultValue = "32",
            description = "LR patch side (default: ${DEFAULT-VALUE}).")
    int patch;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "10",
            description = "Timed steps; for ea-share the children planned (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "2",
            description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "auto",
            description = "auto, cpu or gpu:N (default: ${DEFAULT-VALUE}).")
    DeviceChoice device;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "libtorch threads; 0 = libtorch's default.")
    int threads;

    @Option(names = "--profile", paramLabel = "TRACE.json",
            description = "Writes libtorch's profiler trace of the timed steps (one --mode).")
    Path profile;

    @Override
    public Integer call() throws IOException {
        if (batch < 1 || patch < 1 || steps < 1 || warmup < 0) {
            throw new UsageError("--batch, --patch and --steps must be positive, --warmup >= 0");
        }
        EaAdamConfig.Model model = conf == null ? architecture.model()
                : ConfigLoader.load(conf, architecture.settings()).model();
        TorchRuntime.setThreads(threads);
        if (mode.equals("ea-share")) {
            EaAdamConfig config = ConfigLoader.load(null, model.settings());
            System.out.println(EaShareBench.run(config, batch, steps, Devices.choose(device)));
            return 0;
        }
        List<Bench.Mode> modes = Arrays.stream(Bench.Mode.values())
                .filter(m -> mode.equals("all") || mode.equals(m.cliName())).toList();
        if (modes.isEmpty()) {
            throw new UsageError("--mode " + mode + ": expected " + MODES);
        }
        if (profile != null && modes.size() > 1) {
            throw new UsageError("--profile needs one --mode, not all");
        }
        // The full-size default takes minutes on a CPU: say what runs before it does.
        System.err.printf(Locale.ROOT, "bench: %s, %s, batch %d of %dx%d patches, "
                + "%d warm-up and %d timed steps each on %s (a full-size model takes minutes on a CPU; --num-feat, "
                + "--num-block and --steps make it smaller)%n", modes.stream().map(Bench.Mode::cliName).toList(),
                ArchitectureDetection.options(model), batch, patch, patch, warmup, steps,
                device);
        for (Bench.Mode m : modes) {
            System.out.println(Bench.run(m, model, batch, patch, steps, warmup, Devices.choose(device), profile));
        }
        return 0;
    }
}
