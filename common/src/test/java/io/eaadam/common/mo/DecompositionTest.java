package io.eaadam.common.mo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

class DecompositionTest {

    @Test
    void fivePreferencesAreTheAuthorsUniformPoints() {
        // method 2.2: w_dist = 1 - i/4, w_perc = i/4 for i = 0..4; all exact in binary.
        assertEquals(List.of(new Preference(1, 0), new Preference(0.75, 0.25), new Preference(0.5, 0.5),
                new Preference(0.25, 0.75), new Preference(0, 1)), Decomposition.uniformPreferences(5));
    }

    @Test
    void twoPreferencesAreTheTwoPureObjectives() {
        assertEquals(List.of(new Preference(1, 0), new Preference(0, 1)), Decomposition.uniformPreferences(2));
    }

    @Test
    void sevenPreferencesStepBySixths() {
        List<Preference> w = Decomposition.uniformPreferences(7);
        assertEquals(7, w.size());
        for (int i = 0; i < 7; i++) {
            // w_i = (1 - i/6, i/6), e.g. i = 2: (0.6667, 0.3333)
            assertEquals(i / 6.0, w.get(i).perception(), 1e-15, "perception of slot " + i);
            assertEquals((6 - i) / 6.0, w.get(i).distortion(), 1e-15, "distortion of slot " + i);
            assertEquals(1.0, w.get(i).distortion() + w.get(i).perception(), 1e-15);
            // mirror symmetry: slot i's distortion weight is slot 6-i's perception weight
            assertEquals(w.get(i).distortion(), w.get(6 - i).perception(), 1e-15);
        }
        assertEquals(new Preference(1, 0), w.get(0));
        assertEquals(new Preference(0.5, 0.5), w.get(3)); // 3/6 exactly
        assertEquals(new Preference(0, 1), w.get(6));
    }

    @Test
    void fewerThanTwoPreferencesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Decomposition.uniformPreferences(1));
        assertThrows(IllegalArgumentException.class, () -> Decomposition.uniformPreferences(0));
        assertThrows(IllegalArgumentException.class, () -> Decomposition.uniformPreferences(-3));
    }

    @Test
    void theAuthorsNeighbourhoodsForFiveSlotsAndTOne() {
        // method 2.2: lower = max(i-1, 0), upper = min(i+1, 4), then upper_0 += 1 and lower_4 -= 1.
        int[][] expected = {{0, 1, 2}, {0, 1, 2}, {1, 2, 3}, {2, 3, 4}, {2, 3, 4}};
        int[][] actual = Decomposition.neighbourhoods(5, 1);
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            // ascending, as the authors' range: replacement visits the neighbourhood in this order (method 2.5)
            assertArrayEquals(expected[i], actual[i], "slot " + i);
        }
    }

    @Test
    void twoTPlusOneEqualToThePopulationGivesEveryoneEverything() {
        int[][] actual = Decomposition.neighbourhoods(5, 2);
        for (int[] b : actual) {
            assertArrayEquals(new int[] {0, 1, 2, 3, 4}, b);
        }
    }

    @ParameterizedTest
    @CsvSource({"5, 2", "7, 2", "9, 2", "7, 1", "9, 3", "10, 4", "3, 1", "11, 5"})
    void neighbourhoodsAreTheNearestTwoTPlusOneSlots(int size, int t) {
        int[][] actual = Decomposition.neighbourhoods(size, t);
        assertEquals(size, actual.length);
        for (int i = 0; i < size; i++) {
            int[] b = actual[i]; // must already be ascending: replacement visits it in this order
            assertEquals(2 * t + 1, b.length, "slot " + i + " has 2T+1 slots");
            assertEquals(2 * t + 1, Arrays.stream(b).distinct().count(), "slot " + i + " has distinct slots");
            assertTrue(Arrays.binarySearch(b, i) >= 0, "slot " + i + " contains itself");
            assertTrue(b[0] >= 0 && b[b.length - 1] < size, "slot " + i + " stays in range");
            for (int k = 1; k < b.length; k++) {
                assertEquals(b[k - 1] + 1, b[k], "slot " + i + " is contiguous: " + Arrays.toString(b));
            }
            assertArrayEquals(bruteForceNeighbourhood(size, t, i), b, "slot " + i);
        }
    }

    @Test
    void invalidNeighbourhoodSizesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Decomposition.neighbourhoods(5, 0)); // no partner
        assertThrows(IllegalArgumentException.class, () -> Decomposition.neighbourhoods(5, -1));
        assertThrows(IllegalArgumentException.class, () -> Decomposition.neighbourhoods(5, 3)); // 7 > 5
        assertThrows(IllegalArgumentException.class, () -> Decomposition.neighbourhoods(2, 1)); // 3 > 2
    }

    /**
     * Independent definition: all slots sorted by index distance |i - j|, ties broken towards the middle of
     * the population (the window is shifted inwards at the ends), the first 2T+1 taken.
     */
    private static int[] bruteForceNeighbourhood(int size, int t, int i) {
        List<Integer> all = new ArrayList<>();
        for (int j = 0; j < size; j++) {
            all.add(j);
        }
        double middle = (size - 1) / 2.0;
        all.sort(Comparator.comparingInt((Integer j) -> Math.abs(i - j))
                .thenComparingDouble(j -> Math.abs(j - middle)));
        return sorted(all.subList(0, 2 * t + 1).stream().mapToInt(Integer::intValue).toArray());
    }

    private static int[] sorted(int[] values) {
        int[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }
}
