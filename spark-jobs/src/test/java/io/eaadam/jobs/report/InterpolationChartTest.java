package io.eaadam.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eaadam.common.store.EvaluationReport;

import org.junit.jupiter.api.Test;

import java.util.List;

/** The report's fusion-against-interpolation chart: a connected line in alpha order, with a legend entry. */
class InterpolationChartTest {

    @Test
    void theLineRunsThroughTheInterpolatedModelsInAlphaOrder() {
        String svg = RunReport.interpolationChart(new EvaluationReport("val", "val/HR", "", List.of(
                scores("bicubic", 22.0, 0.60, null), scores("slot-0", 26.0, 0.40, 0.0),
                scores("slot-1", 25.0, 0.30, null), scores("slot-2", 24.0, 0.20, 1.0),
                scores("fused/gen-0003", 25.5, 0.25, null), scores("interp-0.50", 25.0, 0.32, 0.5),
                scores("interp-0.25", 25.6, 0.36, 0.25), scores("interp-0.75", 24.5, 0.26, 0.75))));
        assertTrue(svg.contains("LPIPS (lower is better)"), svg);
        assertTrue(svg.contains("class=\"legend\">network interpolation<") && svg.contains(">experts<")
                && svg.contains(">fused<"), svg);
        assertEquals(1, svg.split("<polyline ", -1).length - 1, "one line: " + svg);
        List<String> labels = java.util.regex.Pattern.compile("class=\"label\">([^<]*)<").matcher(svg).results()
                .map(r -> r.group(1)).toList();
        assertEquals(List.of("interp-0.25", "interp-0.50", "interp-0.75", "slot-0", "slot-1", "slot-2", "fused/gen-0003"),
                labels, "the line in alpha order, then each expert and fused model once; no bicubic");
    }

    @Test
    void withoutLpipsItIsTheEasObjectivePlaneAndWithoutALineNothing() {
        String objectives = RunReport.interpolationChart(new EvaluationReport("val", "val/HR", "", List.of(
                new EvaluationReport.ModelScores("bicubic", null, 22, 0.6, null, null, null, List.of()),
                new EvaluationReport.ModelScores("slot-0", "w", 26, 0.7, null, 0.0, new double[] {0.05, 2.0}, List.of()),
                new EvaluationReport.ModelScores("interp-0.50", "w", 25.5, 0.7, null, 0.5, new double[] {0.06, 1.6},
                        List.of()),
                new EvaluationReport.ModelScores("slot-1", "w", 25, 0.8, null, 1.0, new double[] {0.07, 1.2}, List.of()))));
        assertTrue(objectives.contains("f1 (L1)") && objectives.contains("f2 (perceptual)"), objectives);
        assertEquals(1, objectives.split("<polyline ", -1).length - 1, "one line: " + objectives);
        assertEquals("", RunReport.interpolationChart(new EvaluationReport("val", "val/HR", "",
                List.of(scores("slot-0", 26.0, 0.4, null)))));
    }

    private static EvaluationReport.ModelScores scores(String name, double psnr, double lpips, Double alpha) {
        return new EvaluationReport.ModelScores(name, name.equals("bicubic") ? null : name + ".safetensors", psnr, 0.7,
                lpips, alpha, null, List.of());
    }
}
