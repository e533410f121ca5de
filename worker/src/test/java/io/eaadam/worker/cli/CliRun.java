package io.eaadam.worker.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the worker command line in-process and captures its exit status, stdout and stderr. */
record CliRun(int status, String out, String err) {

    static CliRun of(String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(errStream);
            int status = new CommandLine("eaadam", CommandLine.workerCommands()).run(argv, errStream);
            return new CliRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    /** stderr without blank lines, for "one line says what is wrong" checks. */
    String[] errLines() {
        return err.lines().filter(l -> !l.isBlank()).toArray(String[]::new);
    }
}
