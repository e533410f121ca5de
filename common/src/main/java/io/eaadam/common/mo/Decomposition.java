package io.eaadam.common.mo;

import java.util.ArrayList;
import java.util.List;

/**
 * MOEA/D's decomposition of the two objectives into P subproblems (method 2.2): uniform preference
 * vectors and, for each, the neighbourhood of the 2T+1 nearest vectors.
 */
public final class Decomposition {

    private Decomposition() {}

    /** w_i = (1 - i/(P-1), i/(P-1)): slot 0 is pure distortion, slot P-1 pure perception. */
    public static List<Preference> uniformPreferences(int size) {
        if (size < 2) {
            throw new IllegalArgumentException("population size " + size + ": expected at least 2");
        }
        List<Preference> preferences = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            double perception = i / (double) (size - 1);
            preferences.add(new Preference(1 - perception, perception));
        }
        return preferences;
    }

    /**
     * The neighbourhood of each slot: the window of 2T+1 consecutive slots centred on it, shifted inwards
     * at the ends so that every neighbourhood has 2T+1 slots. For T = 1 this is the authors' result
     * ({0,1,2}, {0,1,2}, {1,2,3}, {2,3,4}, {2,3,4} for P = 5); their formula fails for T >= 2 (bug B20).
     */
    public static int[][] neighbourhoods(int size, int t) {
        int width = 2 * t + 1;
        if (t < 1 || width > size) {
            throw new IllegalArgumentException("neighbourhood size T = " + t + " needs 2T+1 <= population size "
                    + size);
        }
        int[][] result = new int[size][width];
        for (int i = 0; i < size; i++) {
            int lower = Math.max(0, Math.min(i - t, size - width));
            for (int j = 0; j < width; j++) {
                result[i][j] = lower + j;
            }
        }
        return result;
    }
}
