package io.eaadam.common.mo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TchebycheffTest {

    private static final double TOL = 1e-12;

    @Test
    void normalisedWeightedMaximum() {
        Objectives f = new Objectives(0.3, 0.8);
        Objectives zMin = new Objectives(0.1, 0.5);
        Objectives zMax = new Objectives(0.5, 1.5);
        // k=0: 0.75 * |0.3-0.1| / (0.5-0.1+1e-5) = 0.15 / 0.40001 = 0.374990625...
        // k=1: 0.25 * |0.8-0.5| / (1.5-0.5+1e-5) = 0.075 / 1.00001 = 0.07499925...
        assertEquals(0.15 / 0.40001, Tchebycheff.value(f, new Preference(0.75, 0.25), zMin, zMax), TOL);
        assertEquals(0.37499062523436916, Tchebycheff.value(f, new Preference(0.75, 0.25), zMin, zMax), TOL);
        // with w = (0.25, 0.75): k=0: 0.05/0.40001 = 0.12499..., k=1: 0.225/1.00001 = 0.22499775 -> k=1 wins
        assertEquals(0.225 / 1.00001, Tchebycheff.value(f, new Preference(0.25, 0.75), zMin, zMax), TOL);
    }

    @Test
    void theIdealPointScoresZero() {
        Objectives zMin = new Objectives(0.1, 0.5);
        Objectives zMax = new Objectives(0.5, 1.5);
        assertEquals(0.0, Tchebycheff.value(zMin, new Preference(0.5, 0.5), zMin, zMax));
        // the nadir: max(0.5 * 0.4/0.40001, 0.5 * 1/1.00001) = 0.5/1.00001 = 0.4999950...
        assertEquals(0.5 / 1.00001, Tchebycheff.value(zMax, new Preference(0.5, 0.5), zMin, zMax), TOL);
    }

    @Test
    void aZeroRangeIsGuardedByTheEpsilon() {
        // distortion range 0: denominator 0 + 1e-5; f1 - zmin1 = 2e-5 -> 0.5 * 2e-5 / 1e-5 = 1.0
        // perception: 0.5 * |0.7-0.6| / (0.9-0.6+1e-5) = 0.05 / 0.30001 = 0.16666...
        Objectives zMin = new Objectives(0.2, 0.6);
        Objectives zMax = new Objectives(0.2, 0.9);
        double g = Tchebycheff.value(new Objectives(0.20002, 0.7), new Preference(0.5, 0.5), zMin, zMax);
        assertTrue(Double.isFinite(g));
        assertEquals(1.0, g, 1e-9); // 0.20002 - 0.2 is 2e-5 up to ~3e-17 of double rounding, times 5e4 -> ~1e-12
        // on the point itself the zero range gives 0, not 0/0
        double atIdeal = Tchebycheff.value(new Objectives(0.2, 0.7), new Preference(0.5, 0.5), zMin, zMax);
        assertEquals(0.05 / 0.30001, atIdeal, TOL);
        // both ranges 0 and f = z: 0
        assertEquals(0.0, Tchebycheff.value(zMin, new Preference(0.5, 0.5), zMin, zMin));
    }

    @Test
    void aZeroWeightIgnoresThatObjective() {
        Objectives zMin = new Objectives(0.1, 0.5);
        Objectives zMax = new Objectives(0.5, 1.5);
        // w = (1, 0): only distortion counts: |0.2-0.1| / 0.40001 = 0.1/0.40001, whatever the perception
        assertEquals(0.1 / 0.40001, Tchebycheff.value(new Objectives(0.2, 0.5), new Preference(1, 0), zMin, zMax),
                TOL);
        assertEquals(0.1 / 0.40001, Tchebycheff.value(new Objectives(0.2, 1.5), new Preference(1, 0), zMin, zMax),
                TOL);
        // w = (0, 1): only perception counts: |1.0-0.5| / 1.00001 = 0.5/1.00001, whatever the distortion
        assertEquals(0.5 / 1.00001, Tchebycheff.value(new Objectives(0.5, 1.0), new Preference(0, 1), zMin, zMax),
                TOL);
        assertEquals(0.5 / 1.00001, Tchebycheff.value(new Objectives(0.1, 1.0), new Preference(0, 1), zMin, zMax),
                TOL);
    }

    @Test
    void theDistanceIsAbsoluteOutsideTheBox() {
        // f below zmin (possible if z was not updated first): |0.05 - 0.1| = 0.05 -> 0.05/0.40001
        Objectives zMin = new Objectives(0.1, 0.5);
        Objectives zMax = new Objectives(0.5, 1.5);
        assertEquals(0.05 / 0.40001, Tchebycheff.value(new Objectives(0.05, 0.5), new Preference(1, 0), zMin, zMax),
                TOL);
    }
}
