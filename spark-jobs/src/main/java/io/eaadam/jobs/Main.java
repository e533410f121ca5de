package io.eaadam.jobs;

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
        commands.add(new io.eaadam.jobs.upscale.UpscaleCommand());
        commands.add(new io.eaadam.jobs.upscale.UpscaleBenchCommand());
        commands.addAll(CommandLine.workerCommands());
        return commands;
    }

    public static void main(String[] argv) {
        System.exit(new CommandLine("eaadam", commands()).run(argv, System.err));
    }
}
