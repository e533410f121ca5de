package io.eaadam.common.data;

import io.eaadam.common.image.Image;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Square RGB patches stacked as network input and target: {@code lr} is (size, 3, lrSide, lrSide)
 * and {@code hr} is (size, 3, hrSide, hrSide), both NCHW in flat arrays, so they can be handed to a
 * tensor without reordering. Equality is by reference (the arrays are not compared).
 */
public record Batch(int size, int lrSide, int hrSide, float[] lr, float[] hr) {

    public static final int CHANNELS = 3;

    public Batch {
        if (size < 1 || lrSide < 1 || hrSide < 1) {
            throw new IllegalArgumentException("batch size and sides must be positive, got " + size + ", "
                    + lrSide + ", " + hrSide);
        }
        requireLength("lr", lr, size, lrSide);
        requireLength("hr", hr, size, hrSide);
    }

    /**
     * Stacks LR and HR patches, pairwise: {@code lr.get(i)} with {@code hr.get(i)}.
     *
     * @throws IllegalArgumentException unless there are as many of each, all RGB and square, every LR
     *     of one side and every HR of one side
     */
    public static Batch stack(List<Image> lr, List<Image> hr) {
        if (lr.isEmpty() || lr.size() != hr.size()) {
            throw new IllegalArgumentException("need as many LR as HR patches, at least one; got " + lr.size()
                    + " and " + hr.size());
        }
        int lrSide = lr.get(0).height();
        int hrSide = hr.get(0).height();
        return new Batch(lr.size(), lrSide, hrSide, concat(lr, lrSide), concat(hr, hrSide));
    }

    /** {@code {size, 3, lrSide, lrSide}}. */
    public long[] lrShape() {
        return new long[] {size, CHANNELS, lrSide, lrSide};
    }

    /** {@code {size, 3, hrSide, hrSide}}. */
    public long[] hrShape() {
        return new long[] {size, CHANNELS, hrSide, hrSide};
    }

    /** A copy of LR patch {@code i}. */
    public Image lrImage(int i) {
        return slice(lr, i, lrSide);
    }

    /** A copy of HR patch {@code i}. */
    public Image hrImage(int i) {
        return slice(hr, i, hrSide);
    }

    private Image slice(float[] data, int i, int side) {
        int length = CHANNELS * side * side;
        int from = Math.multiplyExact(Objects.checkIndex(i, size), length);
        return Image.of(CHANNELS, side, side, Arrays.copyOfRange(data, from, from + length));
    }

    private static float[] concat(List<Image> patches, int side) {
        int length = CHANNELS * side * side;
        float[] out = new float[Math.multiplyExact(patches.size(), length)];
        for (int i = 0; i < patches.size(); i++) {
            Image patch = patches.get(i);
            if (patch.channels() != CHANNELS || patch.height() != side || patch.width() != side) {
                throw new IllegalArgumentException("patch " + i + " is " + patch.shapeString() + "; expected "
                        + CHANNELS + "x" + side + "x" + side + " (CxHxW) like the first");
            }
            System.arraycopy(patch.data(), 0, out, i * length, length);
        }
        return out;
    }

    private static void requireLength(String name, float[] data, int size, int side) {
        long expected = (long) size * CHANNELS * side * side;
        if (data.length != expected) {
            throw new IllegalArgumentException(name + " holds " + data.length + " values; expected " + expected
                    + " for " + size + "x" + CHANNELS + "x" + side + "x" + side + " (NCHW)");
        }
    }
}
