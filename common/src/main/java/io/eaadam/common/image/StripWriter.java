package io.eaadam.common.image;

import java.io.IOException;

/** An image file written from horizontal strips of rows, top to bottom. */
public interface StripWriter extends AutoCloseable {

    /**
     * Appends {@code rows} rows starting at row {@code firstRow} of {@code planes}: channel-major float
     * planes (RGB, or RGBA when the file has alpha) of {@code planeRows} rows of the image's width.
     */
    void write(float[] planes, int planeRows, int firstRow, int rows) throws IOException;

    /** Completes the file once every row is written; the stream is flushed, not closed. */
    void finish() throws IOException;

    /** Releases what the writer holds outside the heap (a spool file), finished or not. */
    @Override
    default void close() throws IOException {
    }
}
