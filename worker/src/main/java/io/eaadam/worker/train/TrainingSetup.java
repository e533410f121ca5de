package io.eaadam.worker.train;

import ai.djl.ndarray.NDManager;

import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.genome.TrainedWeights;
import io.eaadam.common.random.Seeds;
import io.eaadam.worker.loss.PerceptualLoss;
import io.eaadam.worker.nn.Generator;
import io.eaadam.worker.nn.Models;
import io.eaadam.worker.nn.Network;
import io.eaadam.worker.nn.Vgg19Features;
import io.eaadam.worker.nn.VggStyleDiscriminator;

import java.io.IOException;

/**
 * What a generator trains with, built one way for the Adam phase, fusion, train-slot and the bench: the
 * VGG19 of the perceptual loss ({@link Models#vgg}), the VGG-style discriminator (a stored state, or
 * BasicSR's init) and the {@link SlotTrainer} over them. Closing it closes what it built, not the generator.
 */
public final class TrainingSetup implements AutoCloseable {

    private final Vgg19Features vgg;
    private final VggStyleDiscriminator discriminator;
    private final SlotTrainer trainer;

    private TrainingSetup(Vgg19Features vgg, VggStyleDiscriminator discriminator, SlotTrainer trainer) {
        this.vgg = vgg;
        this.discriminator = discriminator;
        this.trainer = trainer;
    }

    /**
     * @param optimizer the Adam settings and learning-rate schedule of the generator and the discriminator
     * @param perceptual whether any step will have a perception weight; without it there is neither a VGG19
     *     nor a discriminator (the discriminator also needs a GAN weight)
     * @param start the discriminator's state to continue from (with its Adam moments, when stored); null for
     *     BasicSR's init from {@code discriminatorSeed}
     */
    public static TrainingSetup build(EaAdamConfig config, Generator generator, EaAdamConfig.Optimizer optimizer,
            boolean perceptual, TrainedWeights start, long discriminatorSeed, NDManager manager) throws IOException {
        Vgg19Features vgg = null;
        VggStyleDiscriminator discriminator = null;
        try {
            if (perceptual) {
                vgg = Models.vgg(config.loss().perceptual(), manager, Seeds.derive(config.run().seed(), "vgg-init"));
            }
            if (perceptual && config.loss().gan().weight() > 0) {
                discriminator = new VggStyleDiscriminator(manager, config.discriminator().numFeat(),
                        config.discriminator().inputSize());
            }
            SlotTrainer trainer = new SlotTrainer(generator, discriminator, vgg == null ? null
                    : new PerceptualLoss(vgg, config.loss().perceptual().layers(), config.loss().perceptual().weight()),
                    config.loss(), optimizer);
            if (discriminator != null) {
                if (start == null) {
                    discriminator.weights().initialize(discriminatorSeed);
                } else {
                    discriminator.weights().loadStateDict(start.weights());
                    if (start.adam() != null) {
                        trainer.discriminatorOptimizer().load(start.adam(), start.adamSteps());
                    }
                }
            }
            return new TrainingSetup(vgg, discriminator, trainer);
        } catch (IOException | RuntimeException e) {
            for (Network built : new Network[] {discriminator, vgg}) {
                if (built != null) {
                    built.close();
                }
            }
            throw e;
        }
    }

    public SlotTrainer trainer() {
        return trainer;
    }

    /** The discriminator's weights and Adam moments now; null without a discriminator. */
    public TrainedWeights discriminatorState() {
        return discriminator == null ? null : new TrainedWeights(discriminator.weights().stateDict(),
                trainer.discriminatorOptimizer().state(), trainer.discriminatorOptimizer().steps());
    }

    @Override
    public void close() {
        trainer.close();
        if (discriminator != null) {
            discriminator.close();
        }
        if (vgg != null) {
            vgg.close();
        }
    }
}
