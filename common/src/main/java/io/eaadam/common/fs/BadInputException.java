package io.eaadam.common.fs;

import java.io.IOException;

/**
 * An input that cannot be used as it is: corrupt, of the wrong kind, too large, or a folder without what
 * was expected. Trying again gives the same answer, so a Spark task that meets one reports it as its result
 * instead of failing and being retried; the message names the file and what was expected.
 */
public class BadInputException extends IOException {

    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
