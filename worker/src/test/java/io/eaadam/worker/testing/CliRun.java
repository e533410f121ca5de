package io.eaadam.worker.testing;

import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs a command line in-process, as ./eaadam would, and captures its exit status, stdout and stderr. */
public record CliRun(int status, String out, String err) {

    /** @param commandLine a fresh command line (WorkerMain::commandLine, Main::commandLine) */
    public static CliRun run(Supplier<CommandLine> commandLine, String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        try {
            System.setOut(outStream);
            System.setErr(errStream);
            CommandLine cli = commandLine.get();
            cli.setOut(new PrintWriter(outStream, true));
            cli.setErr(new PrintWriter(errStream, true));
            int status = cli.execute(argv);
            return new CliRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    /** stderr without blank lines, for "one line says what is wrong" checks. */
    public String[] errLines() {
        return err.lines().filter(l -> !l.isBlank()).toArray(String[]::new);
    }

    /** The value of {@code "key": number} in the last JSON line of stdout. */
    public double json(String key) {
        String line = out.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no JSON line in: " + out));
        Matcher m = Pattern.compile("\"" + key + "\": ([-0-9.eE]+)").matcher(line);
        if (!m.find()) {
            throw new AssertionError("no " + key + " in " + line);
        }
        return Double.parseDouble(m.group(1));
    }
}
