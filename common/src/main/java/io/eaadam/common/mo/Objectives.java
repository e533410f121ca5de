package io.eaadam.common.mo;

import java.io.Serializable;

/** A model's two objectives on the EA set: f1 = L1 (distortion), f2 = VGG perceptual loss. Both minimised. */
public record Objectives(double distortion, double perception) implements Serializable {

    /** The objectives of a model from its per-image losses on the EA set (f1 and f2 of each image, in image order). */
    public static Objectives meanOverImages(float[] distortion, float[] perception) {
        return new Objectives(ImageMean.of(distortion), ImageMean.of(perception));
    }

    public double get(int k) {
        return k == 0 ? distortion : perception;
    }

    /** True when this is no worse in both objectives and better in at least one. */
    public boolean dominates(Objectives other) {
        return distortion <= other.distortion && perception <= other.perception
                && (distortion < other.distortion || perception < other.perception);
    }

    public static Objectives min(Objectives a, Objectives b) {
        return new Objectives(Math.min(a.distortion, b.distortion), Math.min(a.perception, b.perception));
    }

    public static Objectives max(Objectives a, Objectives b) {
        return new Objectives(Math.max(a.distortion, b.distortion), Math.max(a.perception, b.perception));
    }
}
