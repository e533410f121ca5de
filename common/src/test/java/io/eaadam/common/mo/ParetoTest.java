package io.eaadam.common.mo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

class ParetoTest {

    private static final double INF = Double.POSITIVE_INFINITY;

    /**
     * Three fronts, indices scrambled:
     * front 0: (0,4) (1,1) (3,0); front 1: (1,5) (2,3) (3,2.5) (5,1), each dominated by a front-0 point;
     * front 2: (10,10).
     */
    private static final List<Objectives> LAYERED = List.of(
            o(3, 2.5), // 0: front 1
            o(10, 10), // 1: front 2
            o(1, 1),   // 2: front 0
            o(2, 3),   // 3: front 1
            o(5, 1),   // 4: front 1
            o(0, 4),   // 5: front 0
            o(1, 5),   // 6: front 1
            o(3, 0));  // 7: front 0

    @Test
    void dominanceIsStrict() {
        assertTrue(o(1, 1).dominates(o(1, 2)));
        assertTrue(o(1, 1).dominates(o(2, 1)));
        assertTrue(o(1, 1).dominates(o(2, 2)));
        assertFalse(o(1, 1).dominates(o(1, 1))); // equal points do not dominate each other
        assertFalse(o(1, 2).dominates(o(2, 1))); // a trade-off
        assertFalse(o(2, 1).dominates(o(1, 2)));
        assertFalse(o(2, 2).dominates(o(1, 1)));
    }

    @Test
    void ranksOfALayeredSet() {
        assertArrayEquals(new int[] {1, 2, 0, 1, 1, 0, 1, 0}, Pareto.ranks(LAYERED));
        assertArrayEquals(new int[0], Pareto.ranks(List.of()));
        assertArrayEquals(new int[] {0}, Pareto.ranks(List.of(o(3, 3))));
        // duplicates share a front; a chain (0,0) < (1,1) < (2,2) has three
        assertArrayEquals(new int[] {0, 0, 1, 2}, Pareto.ranks(List.of(o(0, 0), o(0, 0), o(1, 1), o(2, 2))));
    }

    @Test
    void ranksMatchPeelingOnRandomSets() {
        SplittableRandom random = new SplittableRandom(1);
        for (int trial = 0; trial < 600; trial++) {
            List<Objectives> points = randomPoints(random, 1 + trial % 30);
            assertArrayEquals(peelRanks(points), Pareto.ranks(points), "trial " + trial + ": " + points);
        }
    }

    @Test
    void frontIsRankZeroSortedByDistortion() {
        assertEquals(List.of(5, 2, 7), Pareto.front(LAYERED)); // (0,4) (1,1) (3,0)
        SplittableRandom random = new SplittableRandom(2);
        for (int trial = 0; trial < 300; trial++) {
            List<Objectives> points = randomPoints(random, 1 + trial % 30);
            int[] rank = peelRanks(points);
            List<Integer> front = Pareto.front(points);
            Set<Integer> expected = new HashSet<>();
            for (int i = 0; i < rank.length; i++) {
                if (rank[i] == 0) {
                    expected.add(i);
                }
            }
            assertEquals(expected, new HashSet<>(front), "trial " + trial);
            assertEquals(expected.size(), front.size(), "no index twice");
            for (int k = 1; k < front.size(); k++) {
                Objectives a = points.get(front.get(k - 1));
                Objectives b = points.get(front.get(k));
                assertTrue(a.distortion() <= b.distortion(), "sorted by distortion: " + a + " then " + b);
                if (a.distortion() == b.distortion()) {
                    // on one front equal distortion means equal points
                    assertEquals(a.perception(), b.perception());
                }
            }
        }
    }

    @Test
    void crowdingOfTheLayeredSetByHand() {
        double[] c = Pareto.crowding(LAYERED, Pareto.ranks(LAYERED));
        // front 0: (1,1) is inner in both: x (3-0)/(3-0) = 1, y (4-0)/(4-0) = 1 -> 2; the ends are infinite
        // front 1, ranges x 1..5 (4), y 1..5 (4):
        //   (2,3):   x (3-1)/4 = 0.5,  y neighbours 2.5 and 5: 2.5/4 = 0.625 -> 1.125
        //   (3,2.5): x (5-2)/4 = 0.75, y neighbours 1 and 3:   2/4 = 0.5     -> 1.25
        // front 2: a single point, infinite
        assertArrayEquals(new double[] {1.25, INF, 2, 1.125, INF, INF, INF, INF}, c, 1e-12);
    }

    @Test
    void crowdingOfTwoPointsAndOfOnePointIsInfinite() {
        assertArrayEquals(new double[] {INF, INF}, Pareto.crowding(List.of(o(0, 1), o(1, 0)), new int[] {0, 0}));
        assertArrayEquals(new double[] {INF}, Pareto.crowding(List.of(o(0, 1)), new int[] {0}));
        assertArrayEquals(new double[0], Pareto.crowding(List.of(), new int[0]));
    }

    @Test
    void crowdingWithoutSpreadIsNotNaN() {
        // identical points: both ranges 0; the authors' code divides 0 by 0 here
        double[] same = Pareto.crowding(List.of(o(2, 2), o(2, 2), o(2, 2), o(2, 2)), new int[] {0, 0, 0, 0});
        for (double d : same) {
            assertFalse(Double.isNaN(d));
            assertTrue(d >= 0);
        }
        // a group (given its ranks) with no spread in distortion: (0,1) is inner in perception:
        // (2-0)/(2-0) = 1, and distortion adds nothing (or makes it an extreme, infinite)
        double[] c = Pareto.crowding(List.of(o(0, 0), o(0, 1), o(0, 2)), new int[] {0, 0, 0});
        assertEquals(INF, c[0]);
        assertEquals(INF, c[2]);
        assertTrue(c[1] == 1.0 || c[1] == INF, "got " + c[1]);
    }

    @Test
    void crowdingMatchesTheDefinitionOnRandomFronts() {
        // continuous coordinates: no ties, so within a front x ascending means y descending and
        // inner point i scores (x[i+1]-x[i-1])/(xmax-xmin) + (y[i-1]-y[i+1])/(ymax-ymin)
        SplittableRandom random = new SplittableRandom(3);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + trial % 30;
            List<Objectives> points = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                points.add(o(random.nextDouble() * 5, random.nextDouble() * 5));
            }
            int[] rank = peelRanks(points);
            double[] expected = new double[n];
            for (int r = 0; r <= Arrays.stream(rank).max().orElse(-1); r++) {
                List<Integer> members = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (rank[i] == r) {
                        members.add(i);
                    }
                }
                members.sort(Comparator.comparingDouble(i -> points.get(i).distortion()));
                int m = members.size();
                double xRange = points.get(members.get(m - 1)).distortion() - points.get(members.get(0)).distortion();
                double yRange = points.get(members.get(0)).perception() - points.get(members.get(m - 1)).perception();
                expected[members.get(0)] = INF;
                expected[members.get(m - 1)] = INF;
                for (int k = 1; k < m - 1; k++) {
                    Objectives prev = points.get(members.get(k - 1));
                    Objectives next = points.get(members.get(k + 1));
                    expected[members.get(k)] = (next.distortion() - prev.distortion()) / xRange
                            + (prev.perception() - next.perception()) / yRange;
                }
            }
            assertArrayEquals(expected, Pareto.crowding(points, rank), 1e-9, "trial " + trial);
        }
    }

    @Test
    void hypervolumeByHand() {
        // one point: the rectangle (4-1) * (6-2) = 12
        assertEquals(12.0, Pareto.hypervolume(List.of(o(1, 2)), o(4, 6)), 1e-12);
        // (1,3) and (2,1) against (4,4): [1,4]x[3,4] = 3, [2,4]x[1,4] = 6, overlap [2,4]x[3,4] = 2 -> 7
        List<Objectives> two = List.of(o(1, 3), o(2, 1));
        assertEquals(7.0, Pareto.hypervolume(two, o(4, 4)), 1e-12);
        // dominated points and duplicates add nothing
        assertEquals(7.0, Pareto.hypervolume(List.of(o(3, 3.5), o(1, 3), o(2, 1), o(2, 1), o(2, 2)), o(4, 4)), 1e-12);
        // points outside the box add nothing: x beyond it (would add a negative width), on its edge, far away
        assertEquals(7.0, Pareto.hypervolume(List.of(o(5, 0), o(1, 3), o(0, 4), o(2, 1), o(4, 0), o(0, 10)),
                o(4, 4)), 1e-12);
        assertEquals(0.0, Pareto.hypervolume(List.of(), o(4, 4)));
        assertEquals(0.0, Pareto.hypervolume(List.of(o(5, 5)), o(4, 4)));
    }

    @Test
    void hypervolumeMatchesAVerticalSweepOnRandomSets() {
        SplittableRandom random = new SplittableRandom(4);
        Objectives reference = o(6, 6);
        for (int trial = 0; trial < 600; trial++) {
            List<Objectives> points = randomPoints(random, 1 + trial % 30);
            double expected = sweepArea(points, reference);
            // both sum at most a few dozen products of numbers below 7: 1e-9 is far above rounding
            assertEquals(expected, Pareto.hypervolume(points, reference), 1e-9, "trial " + trial + ": " + points);
        }
    }

    @Test
    void selectTakesWholeBetterFrontsThenTheLeastCrowded() {
        // front 0 = {5 (inf), 7 (inf), 2 (2.0)}; front 1 = {4 (inf), 6 (inf), 0 (1.25), 3 (1.125)};
        // front 2 = {1 (inf)}; equal crowding goes by index
        assertEquals(List.of(), Pareto.select(LAYERED, 0));
        assertEquals(List.of(5, 7), Pareto.select(LAYERED, 2));          // the extremes beat (1,1)
        assertEquals(List.of(5, 7, 2), Pareto.select(LAYERED, 3));       // the whole first front
        assertEquals(List.of(5, 7, 2, 4, 6), Pareto.select(LAYERED, 5)); // then front 1's extremes
        assertEquals(List.of(5, 7, 2, 4, 6, 0), Pareto.select(LAYERED, 6)); // then 1.25 before 1.125
        assertEquals(List.of(5, 7, 2, 4, 6, 0, 3), Pareto.select(LAYERED, 7)); // not front 2's infinite point
        assertEquals(List.of(5, 7, 2, 4, 6, 0, 3, 1), Pareto.select(LAYERED, 8));
    }

    @Test
    void selectKeepsBetterFrontsWholeOnRandomSets() {
        SplittableRandom random = new SplittableRandom(5);
        for (int trial = 0; trial < 300; trial++) {
            List<Objectives> points = randomPoints(random, 1 + trial % 30);
            int count = random.nextInt(points.size() + 1);
            List<Integer> chosen = Pareto.select(points, count);
            assertEquals(count, chosen.size());
            assertEquals(count, new HashSet<>(chosen).size(), "no index twice");
            if (count == 0) {
                continue;
            }
            int[] rank = peelRanks(points);
            double[] crowding = Pareto.crowding(points, rank);
            int last = chosen.stream().mapToInt(i -> rank[i]).max().getAsInt();
            for (int i = 0; i < points.size(); i++) {
                if (rank[i] < last) {
                    assertTrue(chosen.contains(i), "trial " + trial + ": better front member " + i + " left out");
                }
                if (rank[i] > last) {
                    assertFalse(chosen.contains(i), "trial " + trial + ": worse front member " + i + " taken");
                }
            }
            double worstTaken = chosen.stream().filter(i -> rank[i] == last).mapToDouble(i -> crowding[i]).min()
                    .getAsDouble();
            for (int i = 0; i < points.size(); i++) {
                if (rank[i] == last && !chosen.contains(i)) {
                    assertTrue(crowding[i] <= worstTaken, "trial " + trial + ": a more isolated point " + i
                            + " was left out");
                }
            }
        }
    }

    // ----- independent reference implementations

    /** Repeatedly removes the points that no remaining point strictly dominates. */
    private static int[] peelRanks(List<Objectives> points) {
        int n = points.size();
        int[] rank = new int[n];
        Set<Integer> remaining = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            remaining.add(i);
        }
        for (int level = 0; !remaining.isEmpty(); level++) {
            List<Integer> front = new ArrayList<>();
            for (int i : remaining) {
                boolean dominated = false;
                for (int j : remaining) {
                    Objectives a = points.get(j);
                    Objectives b = points.get(i);
                    if (a.distortion() <= b.distortion() && a.perception() <= b.perception()
                            && (a.distortion() != b.distortion() || a.perception() != b.perception())) {
                        dominated = true;
                        break;
                    }
                }
                if (!dominated) {
                    front.add(i);
                }
            }
            for (int i : front) {
                rank[i] = level;
            }
            remaining.removeAll(front);
        }
        return rank;
    }

    /**
     * The union of the boxes [x, rx] x [y, ry] of the points strictly inside the reference, by vertical
     * strips between consecutive distinct x: strip [x_k, x_k+1) is covered from the lowest y of the points
     * with x <= x_k up to ry.
     */
    private static double sweepArea(List<Objectives> points, Objectives reference) {
        TreeSet<Double> xs = new TreeSet<>();
        List<Objectives> inside = new ArrayList<>();
        for (Objectives p : points) {
            if (p.distortion() < reference.distortion() && p.perception() < reference.perception()) {
                inside.add(p);
                xs.add(p.distortion());
            }
        }
        xs.add(reference.distortion());
        double area = 0;
        Double[] edges = xs.toArray(new Double[0]);
        for (int k = 0; k + 1 < edges.length; k++) {
            double lowest = reference.perception();
            for (Objectives p : inside) {
                if (p.distortion() <= edges[k]) {
                    lowest = Math.min(lowest, p.perception());
                }
            }
            area += (edges[k + 1] - edges[k]) * (reference.perception() - lowest);
        }
        return area;
    }

    /** Points on a coarse grid (ties, duplicates, edges of the box at 6) mixed with continuous ones. */
    private static List<Objectives> randomPoints(SplittableRandom random, int n) {
        List<Objectives> points = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (i > 0 && random.nextInt(6) == 0) {
                points.add(points.get(random.nextInt(i))); // an exact duplicate
            } else if (random.nextBoolean()) {
                points.add(o(random.nextInt(8), random.nextInt(8)));
            } else {
                points.add(o(random.nextDouble() * 7, random.nextDouble() * 7));
            }
        }
        return points;
    }

    private static Objectives o(double distortion, double perception) {
        return new Objectives(distortion, perception);
    }
}
