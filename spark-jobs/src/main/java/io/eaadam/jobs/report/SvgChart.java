package io.eaadam.jobs.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small inline SVG chart: linear axes with ticks, and series drawn as points, lines or both, each with
 * a legend entry. Enough for the run report's objective space, hypervolume and loss curves without a
 * script or a network fetch.
 */
final class SvgChart {

    /** How a series is drawn. */
    enum Style { POINTS, LINE, LINE_AND_POINTS }

    private record Series(String name, String color, Style style, double[] xs, double[] ys, String[] labels) {}

    private static final int WIDTH = 560;
    private static final int HEIGHT = 360;
    private static final int LEFT = 70;
    private static final int RIGHT = 150;
    private static final int TOP = 30;
    private static final int BOTTOM = 50;
    /** About the space a point's label ("slot 12") takes. */
    private static final int LABEL_WIDTH = 40;
    private static final int LABEL_HEIGHT = 11;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private boolean countingX;

    SvgChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** The x axis counts (generations, epochs): whole-number ticks only. */
    SvgChart countingX() {
        countingX = true;
        return this;
    }

    /**
     * Adds a series; {@code name} (or null: no legend entry) goes in the legend, {@code labels} (or null, or
     * null for a point) beside the points.
     */
    SvgChart add(String name, String color, Style style, double[] xs, double[] ys, String[] labels) {
        series.add(new Series(name, color, style, xs, ys, labels));
        return this;
    }

    boolean isEmpty() {
        return series.stream().allMatch(s -> s.xs().length == 0);
    }

    String render() {
        double[] x = range(true);
        double[] y = range(false);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" "
                + "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\">", WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append("<title>").append(Html.escape(title)).append("</title>");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" class=\"chart-title\">%s</text>", LEFT,
                Html.escape(title)));
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" class=\"plot\"/>",
                LEFT, TOP, plotWidth, plotHeight));
        for (double vx : countingX ? wholeTicks(x) : evenTicks(x)) {
            double px = LEFT + plotWidth * (vx - x[0]) / (x[1] - x[0]);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" class=\"grid\"/>",
                    px, TOP, px, TOP + plotHeight));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"tick\" text-anchor=\"middle\">%s"
                    + "</text>", px, TOP + plotHeight + 16, countingX ? Long.toString(Math.round(vx)) : tick(vx, x)));
        }
        for (double vy : evenTicks(y)) {
            double py = TOP + plotHeight - plotHeight * (vy - y[0]) / (y[1] - y[0]);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" class=\"grid\"/>",
                    LEFT, py, LEFT + plotWidth, py));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" class=\"tick\" text-anchor=\"end\">%s"
                    + "</text>", LEFT - 6, py + 4, tick(vy, y)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"axis\" text-anchor=\"middle\">%s</text>",
                LEFT + plotWidth / 2.0, HEIGHT - 12, Html.escape(xLabel)));
        svg.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%.1f\" class=\"axis\" text-anchor=\"middle\" "
                + "transform=\"rotate(-90 14 %.1f)\">%s</text>", TOP + plotHeight / 2.0, TOP + plotHeight / 2.0,
                Html.escape(yLabel)));
        int legendY = TOP + 6;
        List<double[]> placedLabels = new ArrayList<>();
        for (Series s : series) {
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < s.xs().length; i++) {
                double px = LEFT + plotWidth * (s.xs()[i] - x[0]) / (x[1] - x[0]);
                double py = TOP + plotHeight - plotHeight * (s.ys()[i] - y[0]) / (y[1] - y[0]);
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
                if (s.style() != Style.LINE) {
                    svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"/>",
                            px, py, s.color()));
                }
                if (s.labels() != null && s.labels()[i] != null) {
                    double[] at = freePlace(placedLabels, px + 5, py - 5);
                    svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" class=\"label\">%s</text>",
                            at[0], at[1], Html.escape(s.labels()[i])));
                }
            }
            if (s.style() != Style.POINTS && s.xs().length > 1) {
                svg.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" "
                        + "stroke-width=\"1.5\"/>", points.toString().trim(), s.color()));
            }
            if (s.name() != null) {
                svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" "
                        + "fill=\"%s\"/><text x=\"%d\" y=\"%d\" class=\"legend\">%s</text>", WIDTH - RIGHT + 12,
                        legendY, s.color(), WIDTH - RIGHT + 27, legendY + 9, Html.escape(s.name())));
                legendY += 16;
            }
        }
        return svg.append("</svg>").toString();
    }

    /** Where a label near (x, y) overlaps none placed before: lower, a line at a time; the place is recorded. */
    private static double[] freePlace(List<double[]> placed, double x, double y) {
        double[] at = {x, y};
        boolean moved = true;
        while (moved) {
            moved = false;
            for (double[] other : placed) {
                if (Math.abs(other[0] - at[0]) < LABEL_WIDTH && Math.abs(other[1] - at[1]) < LABEL_HEIGHT) {
                    at[1] = other[1] + LABEL_HEIGHT;
                    moved = true;
                }
            }
        }
        placed.add(at);
        return at;
    }

    /** Five evenly spaced ticks over the range. */
    private static double[] evenTicks(double[] range) {
        double[] ticks = new double[5];
        for (int i = 0; i <= 4; i++) {
            ticks[i] = range[0] + (range[1] - range[0]) * i / 4;
        }
        return ticks;
    }

    /** Whole numbers inside the range, at most about six, a whole step apart. */
    private static double[] wholeTicks(double[] range) {
        long first = (long) Math.ceil(range[0]);
        long last = (long) Math.floor(range[1]);
        long step = Math.max(1, (long) Math.ceil((last - first) / 5.0));
        return java.util.stream.LongStream.iterate(first, v -> v <= last, v -> v + step).asDoubleStream().toArray();
    }

    /** The axis range over every series, padded by 5 % (and widened when all values are equal). */
    private double[] range(boolean xAxis) {
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (double v : xAxis ? s.xs() : s.ys()) {
                if (Double.isFinite(v)) {
                    low = Math.min(low, v);
                    high = Math.max(high, v);
                }
            }
        }
        if (low > high) {
            return new double[] {0, 1};
        }
        double pad = xAxis && countingX ? 0.5
                : high > low ? (high - low) * 0.05 : Math.max(Math.abs(low) * 0.05, 1e-9);
        return new double[] {low - pad, high + pad};
    }

    /** A tick label with the significant digits that tell the axis's ticks apart. */
    private static String tick(double v, double[] range) {
        double step = (range[1] - range[0]) / 4;
        double magnitude = Math.max(Math.abs(range[0]), Math.abs(range[1]));
        int digits = Math.max(2, (int) Math.ceil(Math.log10(magnitude / step)) + 1);
        return String.format(Locale.ROOT, "%." + digits + "g", v);
    }

    /** A colour from dark blue (t = 0) to orange (t = 1), for series ordered in time. */
    static String ramp(double t) {
        int r = (int) Math.round(30 + t * (230 - 30));
        int g = (int) Math.round(70 + t * (120 - 70));
        int b = (int) Math.round(160 + t * (20 - 160));
        return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
    }

    /** Distinct colours for slots and models. */
    static String palette(int i) {
        String[] colors = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
            "#bcbd22", "#17becf"};
        return colors[Math.floorMod(i, colors.length)];
    }
}
