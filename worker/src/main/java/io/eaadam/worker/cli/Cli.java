package io.eaadam.worker.cli;

import io.eaadam.common.config.Arch;
import io.eaadam.common.config.Choices;
import io.eaadam.common.config.ConfigError;
import io.eaadam.common.config.DeviceChoice;
import io.eaadam.common.config.OutputFormat;
import io.eaadam.common.config.Suggestions;
import io.eaadam.common.mo.Preference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * The {@code eaadam} command line (picocli): the commands given, {@code help} and the hidden
 * {@code generate-completion} (a bash completion script). Every failure is one line on stderr that names the
 * command, the thing and what was expected: a wrong command line or config value exits with 2, bad input (a
 * missing or corrupt file) or a failed run with 1. Errors raised inside a Spark job are reported by their
 * cause. Stack traces go to the log ({@value #TRACE_LOGGER}), and to stderr too with {@code EAADAM_DEBUG=1}.
 */
public final class Cli {

    public static final String PROGRAM = "eaadam";

    /** The logger of failures' stack traces: conf/log4j2.properties sends it to the log file only. */
    public static final String TRACE_LOGGER = "eaadam.trace";

    private static final Logger TRACES = LoggerFactory.getLogger(TRACE_LOGGER);

    /**
     * Exceptions that only carry another: the failure is their cause. Named, not referenced, because a Spark job's
     * failure (whose cause is the task's exception) reaches this module, which has no Spark.
     */
    private static final Set<String> WRAPPERS = Set.of("org.apache.spark.SparkException",
            UncheckedIOException.class.getName(), ExecutionException.class.getName(),
            CompletionException.class.getName(), InvocationTargetException.class.getName());

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
        if (error instanceof CommandLine.UnmatchedArgumentException unmatched) {
            List<String> suggestions = unmatched.getSuggestions();
            String given = unmatched.getUnmatched().isEmpty() ? "" : unmatched.getUnmatched().get(0).split("=", 2)[0];
            if (suggestions.isEmpty() && given.startsWith("-")) {
                suggestions = Suggestions.closest(given, command.getCommandSpec().optionsMap().keySet(), 2)
                        .map(List::of).orElse(List.of());
            }
            if (!suggestions.isEmpty()) {
                message += "; did you mean " + String.join(" or ", suggestions) + "?";
            }
        }
        command.getErr().println(name(command) + ": " + message + " (" + name(command) + " --help lists the options)");
        return CommandLine.ExitCode.USAGE;
    }

    private static int failure(Exception error, CommandLine command) {
        PrintWriter err = command.getErr();
        Throwable cause = unwrap(error);
        boolean usage = cause instanceof UsageError || cause instanceof ConfigError;
        boolean expected = usage || cause instanceof IOException || cause instanceof IllegalArgumentException
                || cause instanceof IllegalStateException;
        String line = name(command) + ": " + (expected ? "" : "unexpected " + cause.getClass().getName() + ": ")
                + firstLine(cause);
        err.println(line);
        TRACES.error(line, error);
        if ("1".equals(System.getenv("EAADAM_DEBUG"))) {
            error.printStackTrace(err);
        }
        return usage ? CommandLine.ExitCode.USAGE : CommandLine.ExitCode.SOFTWARE;
    }

    /** The failure itself, under the exceptions that only carry it. */
    static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause && WRAPPERS.contains(cause.getClass().getName())) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** The message's first line (a Spark failure's message goes on with the remote stack trace). */
    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int end = message.indexOf('\n');
        return (end < 0 ? message : message.substring(0, end)).replace('\r', ' ').strip();
    }
}
