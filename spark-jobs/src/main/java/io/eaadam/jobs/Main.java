package io.eaadam.jobs;

import io.eaadam.jobs.upscale.UpscaleBenchCommand;
import io.eaadam.jobs.upscale.UpscaleCommand;
import io.eaadam.worker.cli.Cli;
import io.eaadam.worker.cli.WorkerMain;

import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;

/** The {@code eaadam} command line: the Spark jobs and the worker's commands. */
public final class Main {

    private Main() {}

    /** Fresh instances of every command, in the order {@code eaadam help} lists them. */
    public static List<Object> commands() {
        List<Object> commands = new ArrayList<>(List.of(new DemoCommand(), new TrainCommand(), new FuseCommand(),
                new EvaluateCommand(), new ReportCommand(), new UpscaleCommand(), new UpscaleBenchCommand()));
        commands.addAll(WorkerMain.commands());
        return commands;
    }

    public static CommandLine commandLine() {
        return Cli.of(commands());
    }

    public static void main(String[] argv) {
        int status = commandLine().execute(argv);
        // YARN's application master runs a cluster-mode driver's main and reports success only when it returns:
        // an exit, even with 0, runs its shutdown hook first and the application ends FAILED.
        boolean inYarnApplicationMaster = "yarn".equals(System.getProperty("spark.master"))
                && "cluster".equals(System.getProperty("spark.submit.deployMode"));
        if (status != 0 || !inYarnApplicationMaster) {
            System.exit(status);
        }
    }
}
