package io.eaadam.common.schedule;

import io.eaadam.common.config.ConfigError;
import io.eaadam.common.config.EaAdamConfig;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * EA-Adam's alternation of Adam and EA epochs, exactly as the authors' loop produces it (method 2.3):
 * epochs 0..E inclusive; at the top of each epoch the active mode's counter advances and, when it reaches
 * its length, the mode switches (so the first Adam phase is one epoch shorter). With 10/1/250: Adam 0-8,
 * EA 9, Adam 10-19, EA 20, ..., EA 240, Adam 241-250: 22 EA epochs and 229 Adam epochs.
 */
public final class PhaseSchedule {

    /** Adam (gradient training) or EA (variation and selection). */
    public enum Mode { ADAM, EA }

    /** A run of consecutive epochs in one mode; {@code index} counts phases from 0. */
    public record Phase(int index, Mode mode, int firstEpoch, int lastEpoch) implements Serializable {

        public int epochs() {
            return lastEpoch - firstEpoch + 1;
        }
    }

    private PhaseSchedule() {}

    /**
     * The index of the phase that follows a stored generation in {@code phases}: a run resumes, or continues
     * under a longer schedule, only where the phases it has run are this schedule's own.
     *
     * @param phaseIndex the phase the generation closed, -1 for the warm start
     * @param firstEpoch that phase's first epoch (unused for the warm start)
     * @param lastEpoch that phase's last epoch (unused for the warm start)
     * @throws ConfigError naming the phase run and what this schedule makes of it
     */
    public static int next(List<Phase> phases, int phaseIndex, int firstEpoch, int lastEpoch) {
        if (phaseIndex < 0) {
            return 0;
        }
        int done = lastEpoch;
        if (phaseIndex >= phases.size()) {
            throw new ConfigError("schedule.epochs = " + phases.get(phases.size() - 1).lastEpoch() + ": the run has "
                    + "trained through epoch " + done + "; a continued run's schedule can only be longer");
        }
        Phase planned = phases.get(phaseIndex);
        if (planned.firstEpoch() != firstEpoch || planned.lastEpoch() != lastEpoch) {
            throw new ConfigError("schedule.epochs = " + phases.get(phases.size() - 1).lastEpoch() + ": phase "
                    + phaseIndex + " of the run was epochs " + firstEpoch + "-" + lastEpoch + ", this schedule makes "
                    + "it " + planned.firstEpoch() + "-" + planned.lastEpoch() + "; a longer schedule must keep the "
                    + "phases already run (its first phases must end where the run's did)");
        }
        return phaseIndex + 1;
    }

    public static List<Phase> of(EaAdamConfig.Schedule schedule) {
        return of(schedule.epochs(), schedule.adamEpochs(), schedule.eaEpochs());
    }

    public static List<Phase> of(int lastEpoch, int adamEpochs, int eaEpochs) {
        Mode[] modes = new Mode[lastEpoch + 1];
        Mode mode = Mode.ADAM;
        int adamCount = 0;
        int eaCount = 0;
        for (int epoch = 0; epoch <= lastEpoch; epoch++) {
            if (mode == Mode.ADAM) {
                if (++adamCount >= adamEpochs) {
                    mode = Mode.EA;
                    adamCount = 0;
                }
            } else if (++eaCount >= eaEpochs) {
                mode = Mode.ADAM;
                eaCount = 0;
            }
            modes[epoch] = mode;
        }
        List<Phase> phases = new ArrayList<>();
        int start = 0;
        for (int epoch = 1; epoch <= lastEpoch + 1; epoch++) {
            if (epoch == lastEpoch + 1 || modes[epoch] != modes[start]) {
                phases.add(new Phase(phases.size(), modes[start], start, epoch - 1));
                start = epoch;
            }
        }
        return phases;
    }
}
