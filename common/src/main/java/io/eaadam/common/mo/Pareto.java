package io.eaadam.common.mo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Non-dominated sorting, crowding distance and the exact 2-D hypervolume, for reporting and NSGA-II. */
public final class Pareto {

    private Pareto() {}

    /**
     * The Pareto rank of each point: 0 for the non-dominated front, 1 for the front once that is removed,
     * and so on (strict dominance: equal points share a front).
     */
    public static int[] ranks(List<Objectives> points) {
        int n = points.size();
        int[] rank = new int[n];
        int[] dominatedBy = new int[n];
        List<List<Integer>> dominates = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            dominates.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (points.get(i).dominates(points.get(j))) {
                    dominates.get(i).add(j);
                } else if (points.get(j).dominates(points.get(i))) {
                    dominatedBy[i]++;
                }
            }
        }
        List<Integer> front = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (dominatedBy[i] == 0) {
                front.add(i);
            }
        }
        int level = 0;
        while (!front.isEmpty()) {
            List<Integer> next = new ArrayList<>();
            for (int i : front) {
                rank[i] = level;
                for (int j : dominates.get(i)) {
                    if (--dominatedBy[j] == 0) {
                        next.add(j);
                    }
                }
            }
            front = next;
            level++;
        }
        return rank;
    }

    /** Indices of the rank-0 points, sorted by distortion. */
    public static List<Integer> front(List<Objectives> points) {
        int[] rank = ranks(points);
        List<Integer> front = new ArrayList<>();
        for (int i = 0; i < rank.length; i++) {
            if (rank[i] == 0) {
                front.add(i);
            }
        }
        front.sort(Comparator.comparingDouble((Integer i) -> points.get(i).distortion())
                .thenComparingDouble(i -> points.get(i).perception()));
        return front;
    }

    /**
     * NSGA-II's crowding distance of each point within its own front: the extremes of each objective get
     * infinity, inner points the sum over objectives of the normalised gap between their neighbours. A
     * front with no spread in an objective adds nothing for it (the authors' code divides by zero there).
     */
    public static double[] crowding(List<Objectives> points, int[] rank) {
        double[] distance = new double[points.size()];
        int maxRank = Arrays.stream(rank).max().orElse(-1);
        for (int r = 0; r <= maxRank; r++) {
            final int level = r;
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < rank.length; i++) {
                if (rank[i] == level) {
                    members.add(i);
                }
            }
            for (int k = 0; k < 2; k++) {
                final int objective = k;
                members.sort(Comparator.comparingDouble(i -> points.get(i).get(objective)));
                double low = points.get(members.get(0)).get(k);
                double high = points.get(members.get(members.size() - 1)).get(k);
                distance[members.get(0)] = Double.POSITIVE_INFINITY;
                distance[members.get(members.size() - 1)] = Double.POSITIVE_INFINITY;
                if (high == low) {
                    continue;
                }
                for (int m = 1; m < members.size() - 1; m++) {
                    distance[members.get(m)] += (points.get(members.get(m + 1)).get(k)
                            - points.get(members.get(m - 1)).get(k)) / (high - low);
                }
            }
        }
        return distance;
    }

    /**
     * The area dominated by the points and bounded by {@code reference} (which every counted point must
     * beat in both objectives); points outside the reference box add nothing.
     */
    public static double hypervolume(List<Objectives> points, Objectives reference) {
        List<Objectives> inside = new ArrayList<>();
        for (Objectives p : points) {
            if (p.distortion() < reference.distortion() && p.perception() < reference.perception()) {
                inside.add(p);
            }
        }
        inside.sort(Comparator.comparingDouble(Objectives::distortion).thenComparingDouble(Objectives::perception));
        double area = 0;
        double ceiling = reference.perception();
        for (Objectives p : inside) {
            if (p.perception() < ceiling) {
                area += (reference.distortion() - p.distortion()) * (ceiling - p.perception());
                ceiling = p.perception();
            }
        }
        return area;
    }

    /**
     * NSGA-II's environmental selection: the indices of the {@code count} best points by rank, then by
     * crowding distance (larger first), ties by index.
     */
    public static List<Integer> select(List<Objectives> points, int count) {
        int[] rank = ranks(points);
        double[] crowding = crowding(points, rank);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt((Integer i) -> rank[i])
                .thenComparing(i -> -crowding[i])
                .thenComparingInt(i -> i));
        return List.copyOf(order.subList(0, count));
    }
}
