package io.eaadam.common.upscale;

import java.io.Serializable;

/**
 * One line of an upscale report: what happened to one input.
 *
 * @param input the input file's URI
 * @param output the output file's URI ("" when none was planned)
 * @param status {@link #OK}, {@link #SKIPPED} (its output was complete already) or {@link #FAILED}
 * @param inputBytes size of the input file
 * @param inputWidth displayed width (after EXIF orientation); 0 when unknown
 * @param inputHeight displayed height; 0 when unknown
 * @param outputBytes size of the output file; 0 when none was written
 * @param outputWidth 0 when none was written
 * @param outputHeight 0 when none was written
 * @param seconds time spent on this input in this run
 * @param reason why it failed or was skipped; "" when it went through
 */
public record UpscaleRecord(String input, String output, String status, long inputBytes, int inputWidth,
        int inputHeight, long outputBytes, int outputWidth, int outputHeight, double seconds, String reason)
        implements Serializable {

    public static final String OK = "ok";
    public static final String SKIPPED = "skipped";
    public static final String FAILED = "failed";

    public long outputPixels() {
        return (long) outputWidth * outputHeight;
    }

    public static UpscaleRecord failed(String input, String output, long inputBytes, double seconds, String reason) {
        return new UpscaleRecord(input, output, FAILED, inputBytes, 0, 0, 0, 0, 0, seconds, reason);
    }
}
