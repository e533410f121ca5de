package io.eaadam.tests;

import io.eaadam.jobs.Main;
import io.eaadam.worker.cli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the {@code eaadam} command line in-process, as ./eaadam would, capturing status and output. */
record Cli(int status, String out, String err) {

    static Cli run(String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(errStream);
            int status = new CommandLine("eaadam", Main.commands()).run(argv, errStream);
            return new Cli(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    /** The value of {@code "key": number} in the last JSON line of stdout. */
    double json(String key) {
        String line = out.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no JSON line in: " + out));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + key + "\": ([-0-9.eE]+)").matcher(line);
        if (!m.find()) {
            throw new AssertionError("no " + key + " in " + line);
        }
        return Double.parseDouble(m.group(1));
    }
}
