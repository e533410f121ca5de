package io.eaadam.jobs.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

/** The progress line and its durations, as the console shows them. */
class ProgressDisplayTest {

    @Test
    void theLineNamesThePhaseHowFarTheRateTheTimeLeftTheFiguresAndTheHypervolume() {
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("l1", 0.0412345);
        figures.put("perceptual", 1.23456);
        RunMetrics.Progress progress = new RunMetrics.Progress("generation 2 / Adam phase / epochs 1-2 / slots [1, 2]",
                2, 0.5, 150, 300, "steps", 15, 65, figures);
        assertEquals("generation 2 / Adam phase / epochs 1-2 / slots [1, 2] | 150/300 steps (50%) | 15.0 steps/s"
                + " | ETA 1m05s | l1 0.04123 | perceptual 1.235 | hypervolume 0.1235",
                ProgressDisplay.line(progress, 0.123456));
    }

    @Test
    void withoutRateTimeLeftFiguresOrHypervolumeTheLineLeavesThemOut() {
        RunMetrics.Progress progress = new RunMetrics.Progress("generation 1 / EA epoch 1 / 8 children on 2 workers",
                1, 0.25, 2, 8, "children", 0, Double.NaN, Map.of());
        assertEquals("generation 1 / EA epoch 1 / 8 children on 2 workers | 2/8 children (25%)",
                ProgressDisplay.line(progress, Double.NaN));
    }

    @Test
    void beforeAnyTaskHasCountedItsWorkTheLineSaysThePhaseIsStarting() {
        RunMetrics.Progress progress = new RunMetrics.Progress("generation 0 / warm start / objectives", 0, 0, 0, 0,
                "", 0, Double.NaN, Map.of());
        assertEquals("generation 0 / warm start / objectives | starting", ProgressDisplay.line(progress, Double.NaN));
    }

    @Test
    void ratesHaveThreeSignificantDigitsUpToAHundred() {
        assertEquals("0.0412", ProgressDisplay.rate(0.04123));
        assertEquals("3.90", ProgressDisplay.rate(3.9017));
        assertEquals("99.5", ProgressDisplay.rate(99.51));
        assertEquals("1234", ProgressDisplay.rate(1234.4));
    }

    @Test
    void durationsAreSecondsThenMinutesThenHoursRoundedToTheSecond() {
        assertEquals("0s", ProgressDisplay.duration(0));
        assertEquals("42s", ProgressDisplay.duration(42.4));
        assertEquals("1m00s", ProgressDisplay.duration(59.6));
        assertEquals("3m05s", ProgressDisplay.duration(185));
        assertEquals("59m59s", ProgressDisplay.duration(3599.4));
        assertEquals("1h00m", ProgressDisplay.duration(3599.6));
        assertEquals("2h07m", ProgressDisplay.duration(7620));
        assertEquals("25h00m", ProgressDisplay.duration(90_000));
    }
}
