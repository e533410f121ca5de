package io.eaadam.worker.cli;

import picocli.CommandLine;

import java.util.List;

/** The commands that need no Spark (infer, interpolate, train-slot, bench): the entry point on bare GPU machines. */
public final class WorkerMain {

    private WorkerMain() {}

    public static List<Object> commands() {
        return List.of(new InferCommand(), new InterpolateCommand(), new TrainSlotCommand(), new BenchCommand());
    }

    public static CommandLine commandLine() {
        return Cli.of(commands());
    }

    public static void main(String[] argv) {
        System.exit(commandLine().execute(argv));
    }
}
