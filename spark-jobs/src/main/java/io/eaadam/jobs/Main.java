package io.eaadam.jobs;

import io.eaadam.jobs.upscale.UpscaleBenchCommand;
import io.eaadam.jobs.upscale.UpscaleCommand;
import io.eaadam.worker.cli.Command;
import io.eaadam.worker.cli.CommandLine;

import java.util.ArrayList;
import java.util.List;

/** The {@code eaadam} command line: the worker's commands plus the Spark jobs. */
public final class Main {

    private Main() {}

    public static List<Command> commands() {
        List<Command> commands = new ArrayList<>();
        commands.add(new DemoCommand());
        commands.add(new TrainCommand());
        commands.add(new FuseCommand());
        commands.add(new EvaluateCommand());
        commands.add(new ReportCommand());
        commands.add(new UpscaleCommand());
        commands.add(new UpscaleBenchCommand());
        commands.addAll(CommandLine.workerCommands());
        return commands;
    }

    public static void main(String[] argv) {
        System.exit(new CommandLine("eaadam", commands()).run(argv, System.err));
    }
}
