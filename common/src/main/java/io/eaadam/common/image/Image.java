package io.eaadam.common.image;

import java.io.Serializable;
import java.util.Objects;

/**
 * A float image stored planar and channel-major (CHW): sample {@code (c, y, x)} is at
 * {@code data[(c * height + y) * width + x]}. This is the layout a network's input tensor has, so
 * it can be handed over without reordering. Values are nominally in [0, 1] but are not clamped, so
 * that a network's raw output can be represented and measured before quantisation.
 *
 * <p>Immutable by convention: {@link #data()} exposes the backing array for speed, and callers must
 * not change an image they did not create.
 */
public final class Image implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int channels;
    private final int height;
    private final int width;
    private final float[] data;

    private Image(int channels, int height, int width, float[] data) {
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.data = data;
    }

    /**
     * Wraps {@code data} (CHW, not copied) as an image.
     *
     * @throws IllegalArgumentException when the channel count is not 1..4, a side is not positive,
     *     or {@code data} does not hold exactly {@code channels * height * width} values
     */
    public static Image of(int channels, int height, int width, float[] data) {
        Objects.requireNonNull(data, "data");
        if (channels < 1 || channels > 4) {
            throw new IllegalArgumentException("an image has 1 to 4 channels, got " + channels);
        }
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("image sides must be positive, got " + width + "x" + height);
        }
        long size = (long) channels * height * width;
        if (data.length != size) {
            throw new IllegalArgumentException("a " + channels + "x" + height + "x" + width
                    + " (CxHxW) image needs " + size + " values, got " + data.length);
        }
        return new Image(channels, height, width, data);
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** The backing CHW array (not a copy). */
    public float[] data() {
        return data;
    }

    /** Sample of channel {@code c} at row {@code y}, column {@code x}. */
    public float get(int c, int y, int x) {
        Objects.checkIndex(c, channels);
        Objects.checkIndex(y, height);
        Objects.checkIndex(x, width);
        return data[(c * height + y) * width + x];
    }

    /** True when {@code other} has the same channel count, height and width. */
    public boolean sameShape(Image other) {
        return channels == other.channels && height == other.height && width == other.width;
    }

    /** A copy of the {@code w x h} rectangle whose top-left corner is {@code (x, y)}, all channels. */
    public Image crop(int x, int y, int w, int h) {
        if (x < 0 || y < 0 || w < 1 || h < 1 || x + w > width || y + h > height) {
            throw new IllegalArgumentException("crop of " + w + "x" + h + " at (" + x + ", " + y
                    + ") does not lie inside a " + width + "x" + height + " image");
        }
        float[] out = new float[channels * h * w];
        for (int c = 0; c < channels; c++) {
            for (int row = 0; row < h; row++) {
                System.arraycopy(data, (c * height + y + row) * width + x, out, (c * h + row) * w, w);
            }
        }
        return new Image(channels, h, w, out);
    }

    /** A one-channel copy of channel {@code c}. */
    public Image channel(int c) {
        Objects.checkIndex(c, channels);
        int plane = height * width;
        float[] out = new float[plane];
        System.arraycopy(data, c * plane, out, 0, plane);
        return new Image(1, height, width, out);
    }

    /**
     * The image as an 8- or 16-bit file would store it: every value clamped to [0, 1], rounded
     * half up to an integer level and mapped back to [0, 1].
     */
    public Image quantized(int bitDepth) {
        int max = maxLevel(bitDepth);
        float[] out = new float[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = level(data[i], max) / (float) max;
        }
        return new Image(channels, height, width, out);
    }

    /** "3x480x640" (CxHxW). */
    public String shapeString() {
        return channels + "x" + height + "x" + width;
    }

    @Override
    public String toString() {
        return "Image[" + shapeString() + "]";
    }

    /** The largest integer level of an 8- or 16-bit sample. */
    static int maxLevel(int bitDepth) {
        if (bitDepth != 8 && bitDepth != 16) {
            throw new IllegalArgumentException("bit depth must be 8 or 16, got " + bitDepth);
        }
        return (1 << bitDepth) - 1;
    }

    /** {@code v} clamped to [0, 1] and rounded half up to an integer level in [0, max]; NaN becomes 0. */
    static int level(float v, int max) {
        double clamped = v > 1f ? 1.0 : (v > 0f ? v : 0.0);
        return (int) Math.floor(clamped * max + 0.5);
    }
}
