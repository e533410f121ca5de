package io.eaadam.common.fs;

import java.io.IOException;

/** A consumer that may fail with an {@link IOException}, such as code writing a file's bytes. */
@FunctionalInterface
public interface IOConsumer<T> {

    void accept(T value) throws IOException;
}
