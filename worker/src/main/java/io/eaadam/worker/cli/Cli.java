package io.eaadam.worker.cli;

import io.eaadam.common.config.Arch;
import io.eaadam.common.config.Choices;
import io.eaadam.common.config.ConfigError;
import io.eaadam.common.config.DeviceChoice;
import io.eaadam.common.config.OutputFormat;
import io.eaadam.common.mo.Preference;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * The {@code eaadam} command line (picocli): the commands given, {@code help} and the hidden
 * {@code generate-completion} (a bash completion script). Every failure is one line on stderr that names the
 * command, the thing and what was expected: a wrong command line or config value exits with 2, bad input (a
 * missing or corrupt file) with 1. A stack trace is printed only for unexpected errors (bugs), or always
 * with {@code EAADAM_DEBUG=1}.
 */
public final class Cli {

    public static final String PROGRAM = "eaadam";

    private Cli() {}

    @Command(name = PROGRAM, mixinStandardHelpOptions = true, versionProvider = Version.class,
            synopsisSubcommandLabel = "COMMAND",
            description = "Perception-distortion balanced super-resolution (EA-Adam) on Spark with DJL/PyTorch.")
    private static final class Eaadam implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().usage(spec.commandLine().getErr());
            return CommandLine.ExitCode.USAGE;
        }
    }

    /** The command line of {@code commands} (picocli-annotated objects), ready to execute. */
    public static CommandLine of(List<Object> commands) {
        CommandLine cli = new CommandLine(new Eaadam());
        for (Object command : commands) {
            cli.addSubcommand(command);
        }
        cli.addSubcommand(new CommandLine.HelpCommand());
        cli.addSubcommand(new AutoComplete.GenerateCompletion());
        cli.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(true);
        cli.registerConverter(Arch.class, converter(text -> Choices.parse(Arch.class, text)));
        cli.registerConverter(OutputFormat.class, converter(text -> Choices.parse(OutputFormat.class, text)));
        cli.registerConverter(DeviceChoice.class, converter(DeviceChoice::parse));
        cli.registerConverter(Preference.class, converter(Preference::parse));
        cli.setExpandAtFiles(false); // a path may start with @
        cli.setParameterExceptionHandler(Cli::usageError);
        cli.setExecutionExceptionHandler((error, command, parsed) -> failure(error, command));
        return cli;
    }

    /** A converter whose refusal (an IllegalArgumentException naming what is allowed) is picocli's message. */
    private static <T> CommandLine.ITypeConverter<T> converter(Function<String, T> parse) {
        return text -> {
            try {
                return parse.apply(text);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        };
    }

    /** The command's full name, as a user types it ("eaadam infer"). */
    private static String name(CommandLine command) {
        return command.getCommandSpec().qualifiedName();
    }

    private static int usageError(CommandLine.ParameterException error, String[] args) {
        CommandLine command = error.getCommandLine();
        if (!(error instanceof CommandLine.UnmatchedArgumentException) && !command.getUnmatchedArguments().isEmpty()) {
            // A misspelt option is the cause of the required one missing: name it first.
            error = new CommandLine.UnmatchedArgumentException(command, command.getUnmatchedArguments());
        }
        String message = error.getMessage().replaceFirst("^Error: ", "");
        if (error instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            message += "; did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?";
        }
        command.getErr().println(name(command) + ": " + message + " (" + name(command) + " --help lists the options)");
        return CommandLine.ExitCode.USAGE;
    }

    private static int failure(Exception error, CommandLine command) {
        PrintWriter err = command.getErr();
        if (error instanceof UsageError || error instanceof ConfigError) {
            err.println(name(command) + ": " + oneLine(error));
            return CommandLine.ExitCode.USAGE;
        }
        boolean expected = error instanceof IOException || error instanceof UncheckedIOException
                || error instanceof IllegalArgumentException || error instanceof IllegalStateException;
        err.println(name(command) + ": " + (expected ? "" : "unexpected " + error.getClass().getName() + ": ")
                + oneLine(error));
        if (!expected || "1".equals(System.getenv("EAADAM_DEBUG"))) {
            error.printStackTrace(err);
        }
        return CommandLine.ExitCode.SOFTWARE;
    }

    private static String oneLine(Throwable e) {
        Throwable root = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.replace('\n', ' ').replace('\r', ' ');
    }
}
