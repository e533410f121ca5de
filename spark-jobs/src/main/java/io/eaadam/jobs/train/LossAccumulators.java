package io.eaadam.jobs.train;

import io.eaadam.common.store.Losses;

import org.apache.spark.SparkContext;
import org.apache.spark.util.DoubleAccumulator;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The losses of an Adam phase as named Spark accumulators ("generation 3 / slot 2 / L1 loss"), one per
 * slot and loss, so that the Spark UI and the History Server show them on the phase's stage: each
 * holds the slot's mean over the phase's last epoch. Spark applies a task's update once, retries
 * included.
 */
final class LossAccumulators implements Serializable {

    private static final String[] NAMES = {"L1 loss", "perceptual loss", "adversarial loss", "discriminator loss"};

    private final Map<Integer, DoubleAccumulator[]> bySlot = new TreeMap<>();

    LossAccumulators(SparkContext spark, int generation, List<Integer> slots) {
        for (int slot : slots) {
            DoubleAccumulator[] accumulators = new DoubleAccumulator[NAMES.length];
            for (int i = 0; i < NAMES.length; i++) {
                accumulators[i] = spark.doubleAccumulator(String.format(Locale.ROOT, "generation %d / slot %d / %s",
                        generation, slot, NAMES[i]));
            }
            bySlot.put(slot, accumulators);
        }
    }

    void add(int slot, List<Losses> epochLosses) {
        if (epochLosses.isEmpty()) {
            return;
        }
        Losses last = epochLosses.get(epochLosses.size() - 1);
        double[] values = {last.l1(), last.perceptual(), last.adversarial(), last.discriminator()};
        DoubleAccumulator[] accumulators = bySlot.get(slot);
        for (int i = 0; i < values.length; i++) {
            accumulators[i].add(values[i]);
        }
    }
}
