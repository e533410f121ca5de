package io.eaadam.worker.train;

import io.eaadam.common.store.Losses;

/** Told after each training step of a long call: a task's progress report, a test's fault hook. */
@FunctionalInterface
public interface StepListener {

    /** Listens to nothing. */
    StepListener NONE = (step, steps, lastLosses) -> { };

    /**
     * @param step the steps done so far in this call
     * @param steps the call's steps in all
     * @param lastLosses the mean losses of the last finished epoch (or log interval); null before the first
     */
    void afterStep(int step, int steps, Losses lastLosses);

    /** This listener, then {@code next}. */
    default StepListener andThen(StepListener next) {
        return (step, steps, lastLosses) -> {
            afterStep(step, steps, lastLosses);
            next.afterStep(step, steps, lastLosses);
        };
    }
}
