package io.eaadam.jobs.spark;

import io.eaadam.common.fs.BadInputException;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * What a Spark task returns: its value, or the bad input it met. Spark retries a task that throws, and a
 * retry of a missing or corrupt file gives the same answer four times before the job dies with a stack
 * trace; a task that returns the problem instead ends at once, and the driver raises it as one line.
 *
 * @param value the task's result; null when it met a bad input
 * @param badInput the bad input's message (naming the file and what was expected); null when it succeeded
 */
public record TaskResult<T>(T value, String badInput) implements Serializable {

    /** A task's work: may throw anything, and Spark retries whatever is not a bad input. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws IOException;
    }

    /** Runs {@code work} on the executor; a bad input (a {@link BadInputException} or missing file) is its result. */
    public static <T> TaskResult<T> of(Work<T> work) throws IOException {
        try {
            return new TaskResult<>(work.run(), null);
        } catch (BadInputException | FileNotFoundException e) {
            return new TaskResult<>(null, e.getMessage());
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof BadInputException || e.getCause() instanceof FileNotFoundException) {
                return new TaskResult<>(null, e.getCause().getMessage());
            }
            throw e;
        }
    }

    /** On the driver: the tasks' values in order, or the first bad input met, raised here. */
    public static <T> List<T> values(List<TaskResult<T>> results) throws BadInputException {
        for (TaskResult<T> result : results) {
            if (result.badInput() != null) {
                throw new BadInputException(result.badInput());
            }
        }
        return results.stream().map(TaskResult::value).toList();
    }
}
