package io.eaadam.common.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eaadam.common.config.ConfigError;
import io.eaadam.common.schedule.PhaseSchedule.Mode;
import io.eaadam.common.schedule.PhaseSchedule.Phase;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

class PhaseScheduleTest {

    @Test
    void theAuthorsScheduleHas22EaEpochsAnd229AdamEpochs() {
        List<Phase> phases = PhaseSchedule.of(250, 10, 1);
        List<Integer> eaEpochs = phases.stream().filter(p -> p.mode() == Mode.EA).map(Phase::firstEpoch).toList();
        assertEquals(List.of(9, 20, 31, 42, 53, 64, 75, 86, 97, 108, 119, 130, 141, 152, 163, 174, 185, 196, 207,
                218, 229, 240), eaEpochs);
        assertEquals(229, phases.stream().filter(p -> p.mode() == Mode.ADAM).mapToInt(Phase::epochs).sum());
        assertEquals(new Phase(0, Mode.ADAM, 0, 8), phases.get(0));
        assertEquals(new Phase(2, Mode.ADAM, 10, 19), phases.get(2));
        assertEquals(new Phase(44, Mode.ADAM, 241, 250), phases.get(phases.size() - 1));
        assertEquals(IntStream.range(0, phases.size()).boxed().toList(), phases.stream().map(Phase::index).toList());
    }

    @Test
    void aRunContinuesUnderALongerScheduleOnlyWhereItsPhasesAreKept() {
        List<Phase> longer = PhaseSchedule.of(300, 10, 1);
        assertEquals(0, PhaseSchedule.next(longer, -1, -1, -1), "after the warm start");
        // The authors' 250 epochs end with the full Adam phase 241-250: 300 epochs go on from there.
        assertEquals(45, PhaseSchedule.next(longer, 44, 241, 250));
        // A run of 245 epochs stopped phase 44 at 245, which 300 epochs make 241-250.
        ConfigError truncated = assertThrows(ConfigError.class, () -> PhaseSchedule.next(longer, 44, 241, 245));
        assertTrue(truncated.getMessage().contains("phase 44 of the run was epochs 241-245, this schedule makes it "
                + "241-250"), truncated.getMessage());
        ConfigError shorter = assertThrows(ConfigError.class,
                () -> PhaseSchedule.next(PhaseSchedule.of(100, 10, 1), 44, 241, 250));
        assertTrue(shorter.getMessage().contains("trained through epoch 250"), shorter.getMessage());
    }

    @Test
    void longerEaPhasesAndShortRuns() {
        assertEquals(List.of(new Phase(0, Mode.ADAM, 0, 1), new Phase(1, Mode.EA, 2, 3), new Phase(2, Mode.ADAM, 4, 6),
                new Phase(3, Mode.EA, 7, 8)), PhaseSchedule.of(8, 3, 2));
        assertEquals(List.of(new Phase(0, Mode.ADAM, 0, 0)), PhaseSchedule.of(0, 10, 1));
        assertEquals(List.of(new Phase(0, Mode.EA, 0, 0), new Phase(1, Mode.ADAM, 1, 1), new Phase(2, Mode.EA, 2, 2)),
                PhaseSchedule.of(2, 1, 1));
    }
}
