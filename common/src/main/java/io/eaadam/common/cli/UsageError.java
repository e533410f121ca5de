package io.eaadam.common.cli;

/** A command line that cannot be understood; the message says what was expected. */
public final class UsageError extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public UsageError(String message) {
        super(message);
    }
}
