package io.eaadam.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

class SvgChartTest {

    private static final Pattern TICK = Pattern.compile("class=\"tick\" text-anchor=\"middle\">([^<]*)<");
    private static final Pattern LABEL = Pattern.compile("<text x=\"([0-9.]+)\" y=\"([0-9.]+)\" class=\"label\">");

    @Test
    void aCountingAxisHasWholeTicksOnly() {
        String svg = new SvgChart("hypervolume", "generation", "hv").countingX()
                .add("hv", "#000", SvgChart.Style.LINE, new double[] {0, 1, 2, 3}, new double[] {1, 2, 3, 4}, null)
                .render();
        assertEquals(List.of("0", "1", "2", "3"), ticks(svg));
        String many = new SvgChart("loss", "epoch", "l1").countingX()
                .add("l1", "#000", SvgChart.Style.LINE, new double[] {0, 250}, new double[] {1, 2}, null).render();
        assertEquals(List.of("0", "50", "100", "150", "200", "250"), ticks(many));
    }

    @Test
    void labelsOfCoincidentPointsDoNotOverlap() {
        String svg = new SvgChart("objectives", "f1", "f2").add("g", "#000", SvgChart.Style.POINTS,
                new double[] {0.1, 0.1, 0.2}, new double[] {0.5, 0.5, 0.9}, new String[] {"slot 2", "slot 3", "slot 4"})
                .render();
        Matcher m = LABEL.matcher(svg);
        List<String> ys = m.results().map(r -> r.group(2)).toList();
        assertEquals(3, ys.size());
        assertNotEquals(ys.get(0), ys.get(1), svg);
    }

    private static List<String> ticks(String svg) {
        return TICK.matcher(svg).results().map(r -> r.group(1)).toList();
    }
}
