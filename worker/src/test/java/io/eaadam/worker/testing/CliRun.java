package io.eaadam.worker.testing;

import io.eaadam.worker.cli.Command;
import io.eaadam.worker.cli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs a command line in-process, as ./eaadam would, and captures its exit status, stdout and stderr. */
public record CliRun(int status, String out, String err) {

    public static CliRun run(List<Command> commands, String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(errStream);
            int status = new CommandLine("eaadam", commands).run(argv, errStream);
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
