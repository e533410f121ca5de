package io.eaadam.worker.cli;

import io.eaadam.common.cli.UsageError;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dispatches {@code <command> args...} and turns failures into one line on stderr: bad input (a wrong
 * option, config value, missing or corrupt file) exits with 1, a wrong command line with 2, each with a
 * message that names the thing and what was expected. A stack trace is printed only for unexpected
 * errors (bugs), or always with {@code EAADAM_DEBUG=1}.
 */
public final class CommandLine {

    private final String program;
    private final Map<String, Command> commands = new LinkedHashMap<>();

    public CommandLine(String program, List<Command> commands) {
        this.program = program;
        commands.forEach(c -> this.commands.put(c.name(), c));
    }

    /** The commands of the worker, which need no Spark. */
    public static List<Command> workerCommands() {
        return List.of(new InferCommand(), new TrainSlotCommand(), new BenchCommand());
    }

    public int run(String[] argv, PrintStream err) {
        if (argv.length == 0 || argv[0].equals("--help") || argv[0].equals("help")) {
            printUsage(argv.length == 0 ? err : System.out);
            return argv.length == 0 ? 2 : 0;
        }
        Command command = commands.get(argv[0]);
        if (command == null) {
            err.println(program + ": unknown command '" + argv[0] + "'; commands: " + String.join(", ", commands.keySet()));
            return 2;
        }
        boolean debug = "1".equals(System.getenv("EAADAM_DEBUG"));
        try {
            return command.run(Arrays.copyOfRange(argv, 1, argv.length));
        } catch (UsageError e) {
            err.println(program + " " + e.getMessage());
            err.println("usage: " + program + " " + command.usage());
            return 2;
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            err.println(program + " " + command.name() + ": " + oneLine(e));
            if (debug) {
                e.printStackTrace(err);
            }
            return 1;
        } catch (Exception | Error e) {
            err.println(program + " " + command.name() + ": unexpected " + e.getClass().getName() + ": " + oneLine(e));
            e.printStackTrace(err);
            return 1;
        }
    }

    private void printUsage(PrintStream out) {
        out.println("usage: " + program + " <command> [options]");
        for (Command c : commands.values()) {
            out.println("  " + program + " " + c.usage());
        }
    }

    private static String oneLine(Throwable e) {
        Throwable root = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.replace('\n', ' ').replace('\r', ' ');
    }

    /** Runs the worker commands (infer, train-slot, bench) without Spark: the entry point on GPU machines. */
    public static void main(String[] argv) {
        System.exit(new CommandLine("eaadam", workerCommands()).run(argv, System.err));
    }
}
