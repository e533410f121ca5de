package io.eaadam.common.data;

import io.eaadam.common.image.Image;
import java.util.ArrayList;
import java.util.List;

/**
 * One of the 8 symmetries of a rectangle, as BasicSR's {@code augment} composes them: first a
 * horizontal flip (along the width), then a vertical flip (along the height), then a transpose (swap
 * of height and width, BasicSR's "rot90"), each when its flag is set.
 */
public record Dihedral(boolean hflip, boolean vflip, boolean transpose) {

    public static final Dihedral IDENTITY = new Dihedral(false, false, false);

    /** All 8, the identity first. */
    public static final List<Dihedral> ALL = all();

    /**
     * {@code image} (CHW, any channel count) transformed, in a new image (the identity returns
     * {@code image} itself); a transpose turns H x W into W x H.
     */
    public Image apply(Image image) {
        if (equals(IDENTITY)) {
            return image;
        }
        int channels = image.channels();
        int height = image.height();
        int width = image.width();
        int outHeight = transpose ? width : height;
        int outWidth = transpose ? height : width;
        float[] in = image.data();
        float[] out = new float[in.length];
        int i = 0;
        for (int c = 0; c < channels; c++) {
            for (int yOut = 0; yOut < outHeight; yOut++) {
                for (int xOut = 0; xOut < outWidth; xOut++) {
                    // Undo the steps in reverse order: transpose, then the flips.
                    int y = transpose ? xOut : yOut;
                    int x = transpose ? yOut : xOut;
                    y = vflip ? height - 1 - y : y;
                    x = hflip ? width - 1 - x : x;
                    out[i++] = in[(c * height + y) * width + x];
                }
            }
        }
        return Image.of(channels, outHeight, outWidth, out);
    }

    /**
     * The transform that undoes this one, e.g. to map a test-time-augmented output back. Moving a
     * transpose across a flip turns a horizontal flip into a vertical one, so with a transpose the
     * inverse swaps the two flips; without one every transform is its own inverse.
     */
    public Dihedral inverse() {
        return transpose ? new Dihedral(vflip, hflip, true) : this;
    }

    private static List<Dihedral> all() {
        List<Dihedral> all = new ArrayList<>();
        for (int bits = 0; bits < 8; bits++) {
            all.add(new Dihedral((bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0));
        }
        return List.copyOf(all);
    }
}
