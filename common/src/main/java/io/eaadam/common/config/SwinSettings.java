package io.eaadam.common.config;

import java.io.Serializable;
import java.util.List;
import java.util.stream.Collectors;

/**
 * SwinIR's numbers ({@code model.arch = swinir}), as BasicSR's {@code SwinIR} takes them. The upsampler's
 * conv width is the model's {@code num-feat} (BasicSR fixes it at 64).
 *
 * @param embedDim the token width of the residual Swin transformer blocks
 * @param depths the Swin transformer layers of each residual block
 * @param numHeads the attention heads of each residual block; each divides {@code embedDim}
 * @param windowSize the attention window's side
 * @param mlpRatio the MLP's hidden width over {@code embedDim}
 * @param imgSize the training patch side the network was built for: at or below {@code windowSize},
 *     BasicSR's blocks take it as their window and do not shift
 * @param imgRange the factor of the mean-subtracted input (1 or 255)
 */
public record SwinSettings(int embedDim, List<Integer> depths, List<Integer> numHeads, int windowSize, double mlpRatio,
        Upsampler upsampler, ResiConnection resiConnection, int imgSize, double imgRange) implements Serializable {

    /** The reconstruction tail. */
    public enum Upsampler implements Choices.Spelled {
        /** Classical SR: conv, then conv and pixel shuffle by 2 (or 3), then conv. */
        PIXELSHUFFLE("pixelshuffle"),
        /** Lightweight SR: one conv to 3 x scale^2 channels and one pixel shuffle. */
        PIXELSHUFFLEDIRECT("pixelshuffledirect"),
        /** Real-world SR (x4): two nearest x2 upsamplings, each with a conv. */
        NEAREST_CONV("nearest+conv"),
        /** No upsampling (x1, BasicSR's ''): the output is the input plus a conv of the features. */
        NONE("none");

        private final String spelling;

        Upsampler(String spelling) {
            this.spelling = spelling;
        }

        @Override
        public String spelling() {
            return spelling;
        }

        @Override
        public String toString() {
            return Choices.name(this);
        }

        /** Whether the tail has convs of the model's num-feat width. */
        public boolean hasFeatures() {
            return this == PIXELSHUFFLE || this == NEAREST_CONV;
        }
    }

    /** The conv at the end of each residual block and after the body. */
    public enum ResiConnection implements Choices.Spelled {
        /** One 3x3 conv. */
        ONE_CONV("1conv"),
        /** 3x3 to a quarter of the width, 1x1, 3x3 back, with leaky ReLUs: fewer parameters. */
        THREE_CONV("3conv");

        private final String spelling;

        ResiConnection(String spelling) {
            this.spelling = spelling;
        }

        @Override
        public String spelling() {
            return spelling;
        }

        @Override
        public String toString() {
            return Choices.name(this);
        }
    }

    /**
     * Bounds on what a config or a model card may ask for, far above every published SwinIR (window 8 or 16,
     * MLP ratio 2, 6 residual blocks), so that a hostile card is refused in a line, not by running out of memory.
     */
    static final int MAX_WINDOW = 64;
    static final double MAX_MLP_RATIO = 16;
    static final int MAX_GROUPS = 64;

    public SwinSettings {
        depths = List.copyOf(depths);
        numHeads = List.copyOf(numHeads);
    }

    /** BasicSR's classical SwinIR-M (001_classicalSR_DF2K_s64w8_SwinIR-M): embed 180, 6 x 6, window 8. */
    public static SwinSettings classical() {
        return new SwinSettings(180, List.of(6, 6, 6, 6, 6, 6), List.of(6, 6, 6, 6, 6, 6), 8, 2, Upsampler.PIXELSHUFFLE,
                ResiConnection.ONE_CONV, 64, 1);
    }

    /** The window the blocks use: BasicSR shrinks it to {@code imgSize} when that is not larger. */
    public int effectiveWindow() {
        return Math.min(windowSize, imgSize);
    }

    /** Whether the odd blocks shift their windows (not when the window was shrunk to the image). */
    public boolean shifts() {
        return imgSize > windowSize;
    }

    /** The MLP's hidden width, {@code int(dim * mlp_ratio)} as BasicSR computes it. */
    public int mlpHidden() {
        return (int) (embedDim * mlpRatio);
    }

    /** What is wrong with these numbers for {@code scale}, or null. */
    public String problem(int scale) {
        if (embedDim < 1 || embedDim > EaAdamConfig.Model.MAX_FEATURES) {
            return "embed-dim " + embedDim + ": expected 1 to " + EaAdamConfig.Model.MAX_FEATURES;
        }
        if (depths.isEmpty() || depths.size() != numHeads.size()) {
            return "depths " + list(depths) + " and num-heads " + list(numHeads)
                    + ": expected one entry each per residual block, as many of both";
        }
        for (int i = 0; i < depths.size(); i++) {
            if (depths.get(i) < 1 || depths.get(i) > EaAdamConfig.Model.MAX_BLOCKS) {
                return "depths " + list(depths) + ": expected 1 to " + EaAdamConfig.Model.MAX_BLOCKS + " each";
            }
            if (numHeads.get(i) < 1 || embedDim % numHeads.get(i) != 0) {
                return "num-heads " + list(numHeads) + ": each must divide embed-dim " + embedDim;
            }
        }
        if (depths.size() > MAX_GROUPS) {
            return "depths " + list(depths) + ": expected at most " + MAX_GROUPS + " residual blocks";
        }
        if (windowSize < 1 || windowSize > MAX_WINDOW || imgSize < 1 || !(mlpRatio > 0) || mlpRatio > MAX_MLP_RATIO
                || (int) (embedDim * mlpRatio) < 1 || !(imgRange > 0)) {
            return "window-size " + windowSize + ", img-size " + imgSize + ", mlp-ratio " + number(mlpRatio)
                    + ", img-range " + number(imgRange) + ": expected a window of 1 to " + MAX_WINDOW
                    + ", an MLP ratio up to " + number(MAX_MLP_RATIO) + " and positive numbers";
        }
        if (resiConnection == ResiConnection.THREE_CONV && embedDim < 4) {
            return "resi-connection 3conv: expected embed-dim of 4 or more (it narrows to a quarter)";
        }
        boolean scaleFits = switch (upsampler) {
            case PIXELSHUFFLE -> scale == 3 || scale > 1 && (scale & (scale - 1)) == 0;
            case PIXELSHUFFLEDIRECT -> scale >= 1;
            case NEAREST_CONV -> scale == 4;
            case NONE -> scale == 1;
        };
        return scaleFits ? null : "upsampler " + upsampler + " with scale " + scale + ": expected "
                + switch (upsampler) {
                    case PIXELSHUFFLE -> "2, 3, 4 or 8";
                    case PIXELSHUFFLEDIRECT -> "any scale";
                    case NEAREST_CONV -> "4";
                    case NONE -> "1";
                };
    }

    /** "embed-dim 60, depths 6,6,6,6, ...": the numbers, as in the settings. */
    public String describe() {
        return "embed-dim " + embedDim + ", depths " + list(depths) + ", num-heads " + list(numHeads) + ", window-size "
                + windowSize + ", mlp-ratio " + number(mlpRatio) + ", upsampler " + upsampler + ", resi-connection "
                + resiConnection + ", img-size " + imgSize + (imgRange == 1 ? "" : ", img-range " + number(imgRange));
    }

    /** "6,6,6,6": the numbers of a list setting, comma-separated. */
    public static String list(List<Integer> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
