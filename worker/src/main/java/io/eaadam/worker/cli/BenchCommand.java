package io.eaadam.worker.cli;

import io.eaadam.common.cli.Args;
import io.eaadam.common.cli.UsageError;
import io.eaadam.common.config.DeviceChoice;
import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.config.ConfigLoader;
import io.eaadam.worker.bench.Bench;
import io.eaadam.worker.bench.EaShareBench;
import io.eaadam.worker.runtime.Devices;
import io.eaadam.worker.runtime.TorchRuntime;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code bench}: throughput of the executor's work on random data.
 *
 * <pre>
 * bench [--arch srresnet|rrdb] [--num-feat N] [--num-block N] [--mode adam-step|l1-step|ea-eval|infer|all]
 *       [--batch 16] [--patch 32] [--steps 10] [--warmup 2] [--device cpu|gpu:N] [--threads N]
 *       [--profile TRACE.json]
 * </pre>
 */
final class BenchCommand implements Command {

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String usage() {
        return "bench [--arch srresnet|rrdb] [--num-feat N] [--num-block N] [--mode adam-step|l1-step|ea-eval|infer|ea-share|all] "
                + "[--batch 16] [--patch 32 (LR side)] [--steps 10] [--warmup 2] [--device auto|cpu|gpu:N] [--threads N]"
                + " [--profile TRACE.json (libtorch profiler trace of the timed steps)]"
                + " (ea-share: --batch = EA tiles timed, --steps = children planned)";
    }

    @Override
    public int run(String[] argv) throws java.io.IOException {
        Args args = Args.parse(name(), argv, Set.of());
        EaAdamConfig.Model model = ModelOptions.read(args);
        String mode = args.optional("mode", "all").toLowerCase(Locale.ROOT);
        int batch = args.intOption("batch", 16);
        int patch = args.intOption("patch", 32);
        int steps = args.intOption("steps", 10);
        int warmup = args.intOption("warmup", 2);
        DeviceChoice device = ModelOptions.device(args);
        int threads = args.intOption("threads", 0);
        String profile = args.optional("profile", "");
        args.checkAllRead();
        if (batch < 1 || patch < 1 || steps < 1 || warmup < 0) {
            throw new UsageError("bench: --batch, --patch and --steps must be positive, --warmup >= 0");
        }
        TorchRuntime.setThreads(threads);
        if (mode.equals("ea-share")) {
            EaAdamConfig config = ConfigLoader.load(null, List.of("model.arch=" + model.arch(),
                    "model.num-feat=" + model.numFeat(), "model.num-block=" + model.numBlock(),
                    "model.num-grow-ch=" + model.numGrowCh()));
            System.out.println(EaShareBench.run(config, batch, steps, Devices.choose(device)));
            return 0;
        }
        List<Bench.Mode> modes = Arrays.stream(Bench.Mode.values())
                .filter(m -> mode.equals("all") || mode.equals(m.cliName())).toList();
        if (modes.isEmpty()) {
            throw new UsageError("bench: --mode " + mode + ": expected adam-step, l1-step, ea-eval, infer, ea-share or all");
        }
        if (!profile.isEmpty() && modes.size() > 1) {
            throw new UsageError("bench: --profile needs one --mode, not all");
        }
        for (Bench.Mode m : modes) {
            System.out.println(Bench.run(m, model, batch, patch, steps, warmup, Devices.choose(device),
                    profile.isEmpty() ? null : Path.of(profile)));
        }
        return 0;
    }
}
