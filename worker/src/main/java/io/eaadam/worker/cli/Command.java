package io.eaadam.worker.cli;

/** One subcommand of the command line. */
public interface Command {

    String name();

    /** One line: the arguments it takes. */
    String usage();

    /** Runs it; returns the process exit status. Bad input is reported by throwing. */
    int run(String[] args) throws Exception;
}
