package io.eaadam.jobs;

import io.eaadam.jobs.monitor.ProgressDisplay;

import picocli.CommandLine.Option;

/** {@code --quiet}: whether a command shows its progress line on stderr ({@link ProgressDisplay}). */
public final class ProgressOptions {

    @Option(names = "--quiet", description = "No progress line on stderr (the log's lines and the result only).")
    boolean quiet;

    /** The progress display, until closed; none with --quiet. */
    public ProgressDisplay show() {
        return quiet ? ProgressDisplay.hidden() : ProgressDisplay.onStderr();
    }
}
