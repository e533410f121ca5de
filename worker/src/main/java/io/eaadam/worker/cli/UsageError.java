package io.eaadam.worker.cli;

/**
 * A command line that parses but asks for something impossible (two exclusive choices, a step count of 0);
 * the message says what was expected. It exits with status 2, as picocli's own usage errors do.
 */
public final class UsageError extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public UsageError(String message) {
        super(message);
    }
}
