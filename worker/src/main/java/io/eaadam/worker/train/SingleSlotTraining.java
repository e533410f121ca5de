package io.eaadam.worker.train;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;

import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.data.CachedPairSource;
import io.eaadam.common.data.PairLoader;
import io.eaadam.common.data.PairSource;
import io.eaadam.common.data.PatchSampler;
import io.eaadam.common.genome.Genome;
import io.eaadam.common.mo.Preference;
import io.eaadam.common.random.Seeds;
import io.eaadam.common.store.Losses;
import io.eaadam.worker.nn.Generator;
import io.eaadam.worker.nn.Models;
import io.eaadam.worker.runtime.TorchRuntime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains one slot with a fixed preference for a number of steps on a folder of images, without Spark:
 * what {@code train-slot} and the demo run. The networks, data and schedule come from the config.
 */
public final class SingleSlotTraining {

    private static final Logger logger = LoggerFactory.getLogger(SingleSlotTraining.class);

    /** The trained generator's state dict and the loss log (one entry per log interval). */
    public record Result(Genome weights, List<Losses> log, double imagesPerSecond) {}

    private SingleSlotTraining() {}

    /** @param afterStep told after each step, with the losses of the last log interval */
    public static Result run(EaAdamConfig config, Preference preference, int steps, Device device,
            StepListener afterStep) throws IOException {
        EaAdamConfig.Model modelConfig = config.model();
        long seed = config.run().seed();
        PairSource pairs = CachedPairSource.load(new PairLoader(modelConfig.scale(), config.data().imageLimits()),
                config.data().requireTrainHr(), config.data().trainLr(), config.data().patchSize(),
                config.data().cacheMb() * (1L << 20)).source();
        PatchSampler sampler = new PatchSampler(pairs, config.data(), modelConfig.scale(), seed);
        List<Losses> log = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager(device, TorchRuntime.ENGINE);
                Generator generator = Models.generator(modelConfig, manager, Seeds.derive(seed, "generator-init"));
                TrainingSetup setup = TrainingSetup.build(config, generator, config.optimizer(),
                        preference.perception() > 0, null, Seeds.derive(seed, "discriminator-init"), manager)) {
            SlotTrainer trainer = setup.trainer();
            int perEpoch = sampler.iterationsPerEpoch();
            int logEvery = config.schedule().logEvery();
            long start = System.nanoTime();
            for (int step = 0; step < steps; step++) {
                int epoch = step / perEpoch;
                trainer.step(sampler.batch(epoch, step % perEpoch), preference, config.optimizer().lrAt(epoch));
                if ((step + 1) % logEvery == 0 || step + 1 == steps) {
                    Losses losses = trainer.drainLosses();
                    log.add(losses);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    logger.info(String.format(java.util.Locale.ROOT,
                            "step %d/%d epoch %d: l1 %.5f perceptual %.5f adversarial %.5f discriminator %.4f "
                                    + "(%.1f images/s)", step + 1, steps, epoch, losses.l1(), losses.perceptual(),
                            losses.adversarial(), losses.discriminator(),
                            (step + 1) * (double) config.data().batchSize() / seconds));
                }
                afterStep.afterStep(step + 1, steps, log.isEmpty() ? null : log.get(log.size() - 1));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Result(generator.weights().stateDict(), log, steps * (double) config.data().batchSize() / seconds);
        }
    }
}
