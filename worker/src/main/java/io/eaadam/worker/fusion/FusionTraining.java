package io.eaadam.worker.fusion;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.data.PairSource;
import io.eaadam.common.data.PatchSampler;
import io.eaadam.common.genome.Genome;
import io.eaadam.common.genome.TrainedWeights;
import io.eaadam.common.image.Image;
import io.eaadam.common.random.Seeds;
import io.eaadam.common.store.Losses;
import io.eaadam.worker.nn.FusionNetwork;
import io.eaadam.worker.runtime.TorchRuntime;
import io.eaadam.worker.train.SlotTrainer;
import io.eaadam.worker.train.StepListener;
import io.eaadam.worker.train.TrainingSetup;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stages 2 and 3 of method 5.4-5.5 on one device. Training: the fusion network's attention heads learn on
 * the training patches with {@code fusion.l1-weight} * L1 + perceptual + GAN (one backward, no
 * normalisation), Adam at {@code fusion.lr} with MultiStepLR, the experts frozen, and a discriminator
 * (started from a stored stage-1 one) stepped after every generator step. Merge weights: the mean mixing
 * vector of every layer over the central halves of the fusion set's LR images.
 */
public final class FusionTraining {

    /** The heads and discriminator after the epochs run, with their Adam states; mean losses per epoch. */
    public record Result(TrainedWeights heads, TrainedWeights discriminator, List<Losses> epochLosses)
            implements Serializable {}

    private FusionTraining() {}

    /**
     * Trains epochs {@code firstEpoch..lastEpoch} (0-based; epoch e runs at MultiStepLR's rate for the
     * authors' epoch e + 1).
     *
     * @param experts the backbones to mix, in merge order
     * @param heads the state after epoch {@code firstEpoch - 1}, or null to start from the seeded init
     * @param discriminator the state after epoch {@code firstEpoch - 1}; at the start a stored stage-1
     *     discriminator with a null Adam state; null for a seeded one
     * @param afterStep told after each step
     */
    public static Result run(EaAdamConfig config, List<Genome> experts, TrainedWeights heads,
            TrainedWeights discriminator, int firstEpoch, int lastEpoch, PairSource data, Device device,
            StepListener afterStep)
            throws IOException {
        long seed = config.run().seed();
        EaAdamConfig.Fusion fusion = config.fusion();
        EaAdamConfig.Optimizer optimizer = new EaAdamConfig.Optimizer(fusion.lr(), config.optimizer().beta1(),
                config.optimizer().beta2(), config.optimizer().eps(), fusion.milestones(), fusion.gamma());
        PatchSampler sampler = new PatchSampler(data, config.data(), config.model().scale(),
                Seeds.derive(seed, "fusion-patches"));
        List<Losses> losses = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager(device, TorchRuntime.ENGINE);
                FusionNetwork network = network(config, experts, heads, manager);
                TrainingSetup setup = TrainingSetup.build(config, network, optimizer, true, discriminator,
                        Seeds.derive(seed, "fusion-discriminator-init"), manager)) {
            SlotTrainer trainer = setup.trainer();
            if (heads != null) {
                trainer.generatorOptimizer().load(heads.adam(), heads.adamSteps());
            }
            int perEpoch = sampler.iterationsPerEpoch();
            int total = perEpoch * (lastEpoch - firstEpoch + 1);
            int steps = 0;
            for (int epoch = firstEpoch; epoch <= lastEpoch; epoch++) {
                double lr = optimizer.lrAt(epoch);
                for (int iteration = 0; iteration < perEpoch; iteration++) {
                    trainer.weightedStep(sampler.batch(epoch, iteration), fusion.l1Weight(), lr);
                    afterStep.afterStep(++steps, total, losses.isEmpty() ? null : losses.get(losses.size() - 1));
                }
                losses.add(trainer.drainLosses());
            }
            TrainedWeights nextHeads = new TrainedWeights(network.weights().parameters().toGenome(),
                    trainer.generatorOptimizer().state(), trainer.generatorOptimizer().steps());
            return new Result(nextHeads, setup.discriminatorState(), losses);
        }
    }

    /**
     * Method 5.5 steps 2-4: the mean over {@code lrImages} (each cropped to its central half) of every
     * layer's mixing vector (one weight per expert), by layer name in the backbone's parameter order.
     *
     * @param heads the trained heads; null for the seeded init
     */
    public static Map<String, double[]> meanMixing(EaAdamConfig config, List<Genome> experts, Genome heads, List<Image> lrImages,
            Device device) throws IOException {
        if (lrImages.isEmpty()) {
            throw new IllegalArgumentException("the fusion set has no images");
        }
        try (NDManager manager = NDManager.newBaseManager(device, TorchRuntime.ENGINE);
                FusionNetwork network = network(config, experts, heads == null ? null
                        : new TrainedWeights(heads, null, 0), manager)) {
            double[][] mean = null;
            for (Image image : lrImages) {
                Image crop = centralHalf(image);
                double[][] sums;
                try (NDManager scope = manager.newSubManager()) {
                    sums = network.mixingSums(scope.create(crop.data(), new Shape(1, 3, crop.height(), crop.width())));
                }
                if (mean == null) {
                    mean = new double[sums.length][sums[0].length];
                }
                for (int l = 0; l < sums.length; l++) {
                    for (int k = 0; k < sums[l].length; k++) {
                        mean[l][k] += sums[l][k] / lrImages.size();
                    }
                }
            }
            Map<String, double[]> byLayer = new LinkedHashMap<>();
            for (int l = 0; l < mean.length; l++) {
                byLayer.put(network.layerNames().get(l), mean[l]);
            }
            return byLayer;
        }
    }

    /** Rows H/4 .. 3H/4 and columns W/4 .. 3W/4 (floors), as the authors crop the fusion set. */
    static Image centralHalf(Image image) {
        int top = image.height() / 4;
        int left = image.width() / 4;
        return image.crop(left, top, 3 * image.width() / 4 - left, 3 * image.height() / 4 - top);
    }

    private static FusionNetwork network(EaAdamConfig config, List<Genome> experts, TrainedWeights heads,
            NDManager manager) {
        FusionNetwork network = new FusionNetwork(config.model(), config.fusion(), experts.size(), manager);
        try {
            if (heads == null) {
                network.weights().initialize(Seeds.derive(config.run().seed(), "fusion-heads-init"));
            } else {
                network.weights().parameters().load(heads.weights());
            }
            network.loadExperts(experts);
            return network;
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
    }
}
