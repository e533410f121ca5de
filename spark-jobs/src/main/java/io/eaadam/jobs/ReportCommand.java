package io.eaadam.jobs;

import io.eaadam.common.config.ConfigLoader;
import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.store.RunStore;
import io.eaadam.jobs.report.RunReport;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code report --run RUN_DIR}: rewrites {@code <run>/report.html} from the run's folder, e.g. after
 * {@code fuse} or {@code evaluate} added models (train writes it after every generation).
 */
@Command(name = "report", header = "Rewrites a run's report.html.",
        mixinStandardHelpOptions = true,
        description = {"Rewrites RUN/report.html from the run's folder (train writes it after every generation; run it "
            + "after adding fused models or an evaluation)."})
final class ReportCommand implements Callable<Integer> {

    @Option(names = "--run", required = true, paramLabel = "RUN", description = "The run's folder.")
    String run;

    @Override
    public Integer call() throws IOException {
        EaAdamConfig config = EaAdamConfig.from(ConfigLoader.resolveRun(run, new RunStore(run).configText(), null,
                List.of()));
        System.out.println("report: wrote " + RunReport.write(config));
        return 0;
    }
}
