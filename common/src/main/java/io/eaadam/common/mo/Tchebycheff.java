package io.eaadam.common.mo;

/**
 * The normalised Tchebycheff scalarisation of method 2.5:
 * {@code g = max_k w_k |f_k - zmin_k| / (zmax_k - zmin_k + 1e-5)}, smaller is better.
 */
public final class Tchebycheff {

    static final double EPS = 1e-5;

    private Tchebycheff() {}

    public static double value(Objectives f, Preference w, Objectives zMin, Objectives zMax) {
        double worst = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < 2; k++) {
            double weight = k == 0 ? w.distortion() : w.perception();
            worst = Math.max(worst, weight * Math.abs(f.get(k) - zMin.get(k)) / (zMax.get(k) - zMin.get(k) + EPS));
        }
        return worst;
    }
}
