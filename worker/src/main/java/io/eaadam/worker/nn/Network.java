package io.eaadam.worker.nn;

/** A network written as functions over its {@link Weights}; closing it frees them. */
public interface Network extends AutoCloseable {

    Weights weights();

    @Override
    default void close() {
        weights().close();
    }
}
