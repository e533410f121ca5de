package io.eaadam.common.fs;

/** A file larger than a limit, refused before it is read; the message names the file, its size and the limit. */
public final class FileTooLargeException extends BadInputException {

    private static final long serialVersionUID = 1L;

    private final String problem;

    FileTooLargeException(String file, String problem) {
        super(file + ": " + problem);
        this.problem = problem;
    }

    /** What is wrong, without the file's name. */
    public String problem() {
        return problem;
    }
}
