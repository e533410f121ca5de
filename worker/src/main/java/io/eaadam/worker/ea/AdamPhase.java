package io.eaadam.worker.ea;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;

import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.data.PairSource;
import io.eaadam.common.data.PatchSampler;
import io.eaadam.common.genome.Genome;
import io.eaadam.common.genome.TrainedWeights;
import io.eaadam.common.mo.Preference;
import io.eaadam.common.random.Seeds;
import io.eaadam.common.store.Losses;
import io.eaadam.worker.nn.Generator;
import io.eaadam.worker.runtime.TorchRuntime;
import io.eaadam.worker.train.SlotTrainer;
import io.eaadam.worker.train.StepListener;
import io.eaadam.worker.train.TrainingSetup;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * One slot's Adam phase (method 2.3, 2.4): epochs {@code first..last} of {@link SlotTrainer} steps on the
 * training patches, which every slot draws alike (one sampler seed for the run, as the authors feed all
 * slots the same minibatch). The generator's Adam starts fresh, as after every EA phase; the
 * discriminator and its Adam moments carry over from the previous phase.
 */
public final class AdamPhase {

    /** Which slot, with which preference, for which epochs (inclusive). */
    public record Spec(int slot, Preference preference, int firstEpoch, int lastEpoch) implements Serializable {}

    /** The phase's outcome: the new generator, the new discriminator state, mean losses per epoch. */
    public record Result(int slot, Genome generator, TrainedWeights discriminator,
            List<Losses> epochLosses) implements Serializable {}

    private AdamPhase() {}

    /**
     * @param discriminator the state from the previous phase, or null for a freshly initialised one
     * @param afterStep told after each step (progress reports, fault injection)
     */
    public static Result run(EaAdamConfig config, Spec spec, Genome generatorWeights,
            TrainedWeights discriminator, PairSource data, Device device, StepListener afterStep)
            throws IOException {
        long seed = config.run().seed();
        PatchSampler sampler = new PatchSampler(data, config.data(), config.model().scale(), seed);
        int perEpoch = sampler.iterationsPerEpoch();
        List<Losses> losses = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager(device, TorchRuntime.ENGINE);
                Generator generator = Generator.create(config.model(), manager);
                TrainingSetup setup = TrainingSetup.build(config, generator, config.optimizer(), true, discriminator,
                        Seeds.derive(seed, "discriminator-init", spec.slot()), manager)) {
            generator.weights().loadStateDict(generatorWeights);
            SlotTrainer trainer = setup.trainer();
            int steps = 0;
            int total = perEpoch * (spec.lastEpoch() - spec.firstEpoch() + 1);
            for (int epoch = spec.firstEpoch(); epoch <= spec.lastEpoch(); epoch++) {
                double lr = config.optimizer().lrAt(epoch);
                for (int iteration = 0; iteration < perEpoch; iteration++) {
                    trainer.step(sampler.batch(epoch, iteration), spec.preference(), lr);
                    afterStep.afterStep(++steps, total, losses.isEmpty() ? null : losses.get(losses.size() - 1));
                }
                losses.add(trainer.drainLosses());
            }
            return new Result(spec.slot(), generator.weights().stateDict(), setup.discriminatorState(), losses);
        }
    }
}
