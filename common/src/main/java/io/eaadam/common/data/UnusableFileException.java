package io.eaadam.common.data;

import io.eaadam.common.fs.BadInputException;

/**
 * An image file that cannot serve as (half of) a training pair: unreadable, not a decodable PNG or
 * JPEG, or of the wrong size. The message is {@code "<file>: <problem>"}, one line.
 */
public final class UnusableFileException extends BadInputException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final String problem;

    public UnusableFileException(String file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
        this.problem = problem;
    }

    /** The file's full path. */
    public String file() {
        return file;
    }

    /** What is wrong with it, without the file name. */
    public String problem() {
        return problem;
    }
}
