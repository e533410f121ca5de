package io.eaadam.jobs;

import io.eaadam.common.cli.Args;
import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.jobs.report.RunReport;
import io.eaadam.worker.cli.Command;

import java.io.IOException;
import java.util.Set;

/**
 * {@code report --run RUN_DIR}: rewrites {@code <run>/report.html} from the run's folder, e.g. after
 * {@code fuse} or {@code evaluate} added models (train writes it after every generation).
 */
final class ReportCommand implements Command {

    @Override
    public String name() {
        return "report";
    }

    @Override
    public String usage() {
        return "report --run RUN_DIR";
    }

    @Override
    public int run(String[] argv) throws IOException {
        Args args = Args.parse(name(), argv, Set.of());
        String run = args.required("run");
        args.checkAllRead();
        EaAdamConfig config = EaAdamConfig.from(TrainCommand.storedConfig(run, TrainCommand.storedConfigText(run)));
        System.out.println("report: wrote " + RunReport.write(config));
        return 0;
    }
}
