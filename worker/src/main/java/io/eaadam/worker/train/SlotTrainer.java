package io.eaadam.worker.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.data.Batch;
import io.eaadam.common.mo.Preference;
import io.eaadam.common.store.Losses;
import io.eaadam.worker.loss.GanLoss;
import io.eaadam.worker.loss.PerceptualLoss;
import io.eaadam.worker.loss.PixelLoss;
import io.eaadam.worker.nn.Generator;
import io.eaadam.worker.nn.Ops;
import io.eaadam.worker.nn.ParameterSet;
import io.eaadam.worker.nn.VggStyleDiscriminator;
import io.eaadam.worker.runtime.GradMode;

/**
 * The Adam phase of one population slot (method 2.4): per step, the generator gets the preference-mixed,
 * per-tensor-normalised gradients of the distortion objective (L1) and the perception objective
 * (perceptual + adversarial), applied by its own Adam; then the discriminator takes one step on the
 * same, detached output. Runs on whichever device the networks live on, on the calling thread only.
 */
public final class SlotTrainer implements AutoCloseable {

    private final Generator generator;
    private final VggStyleDiscriminator discriminator;
    private final PerceptualLoss perceptual;
    private final GanLoss gan;
    private final double ganWeight;
    private final Adam generatorAdam;
    private final Adam discriminatorAdam;
    private final GradientMixer mixer;
    private final NDManager manager;
    private final NDArray lossSums;
    private long lossSteps;

    /**
     * @param discriminator null when no step has an adversarial term (GAN weight or perception weight 0)
     * @param perceptual null when no step will have a perception weight (pure L1 training)
     */
    public SlotTrainer(Generator generator, VggStyleDiscriminator discriminator, PerceptualLoss perceptual,
            EaAdamConfig.Loss loss, EaAdamConfig.Optimizer optimizer) {
        this.generator = generator;
        this.discriminator = discriminator;
        this.perceptual = perceptual;
        this.gan = GanLoss.of(loss.gan().type());
        this.ganWeight = loss.gan().weight();
        this.generatorAdam = new Adam(generator.weights().parameters(), optimizer.beta1(), optimizer.beta2(),
                optimizer.eps());
        this.discriminatorAdam = discriminator == null ? null : new Adam(discriminator.weights().parameters(),
                optimizer.beta1(), optimizer.beta2(), optimizer.eps());
        this.manager = generator.weights().newScope();
        this.mixer = new GradientMixer(generator.weights().parameters().layout(), manager);
        this.lossSums = manager.zeros(new Shape(4));
    }

    /**
     * One training step on a batch.
     *
     * @param lr (B, 3, h, w) in [0, 1]
     * @param hr (B, 3, scale*h, scale*w) in [0, 1]
     * @param learningRate this epoch's learning rate (generator and discriminator)
     */
    public void step(NDArray lr, NDArray hr, Preference preference, double learningRate) {
        try (NDManager scope = lr.getManager().newSubManager();
                GradMode ignored = GradMode.enabled()) {
            GeneratorPass pass = generatorPass(lr, hr, preference, scope);
            generatorAdam.step(pass.gradient(), learningRate);
            // The discriminator only serves the perception objective.
            NDArray discriminatorLoss = discriminator == null || preference.perception() == 0
                    ? pass.l1().zerosLike()
                    : discriminatorStep(pass.sr(), hr, learningRate, scope);
            recordLosses(new NDList(pass.l1(), pass.perceptual(), pass.adversarial(), discriminatorLoss), scope);
        }
    }

    /** One training step on a batch of patches from the data pipeline, copied to the generator's device. */
    public void step(Batch batch, Preference preference, double learningRate) {
        onDevice(batch, (lr, hr) -> step(lr, hr, preference, learningRate));
    }

    /**
     * One step of the fusion stage (method 5.4): a single backward of {@code l1Weight} * L1 + perceptual +
     * GAN, without normalisation, then the discriminator's step, on a batch from the data pipeline.
     */
    public void weightedStep(Batch batch, double l1Weight, double learningRate) {
        ParameterSet parameters = generator.weights().parameters();
        onDevice(batch, (lr, hr) -> {
            try (NDManager scope = lr.getManager().newSubManager();
                    GradMode ignored = GradMode.enabled()) {
                NDArray sr;
                NDList losses;
                try (ParameterSet.Recording recording = parameters.recordGradients(scope)) {
                    sr = generator.forward(lr);
                    sr.attach(scope);
                    losses = new NDList(PixelLoss.l1(sr, hr), perceptual.compute(sr, hr), adversarialLoss(sr, hr));
                    losses.attach(scope);
                    NDArray total = Ops.mul(losses.get(0), l1Weight).add(losses.get(1)).add(losses.get(2));
                    total.attach(scope);
                    GradMode.backward(total, false);
                }
                generatorAdam.step(parameters.flatGradient(scope), learningRate);
                parameters.zeroGradients();
                losses.add(discriminator == null ? losses.get(0).zerosLike()
                        : discriminatorStep(sr, hr, learningRate, scope));
                recordLosses(losses, scope);
            }
        });
    }

    private void onDevice(Batch batch, java.util.function.BiConsumer<NDArray, NDArray> step) {
        try (NDManager scope = generator.weights().newScope()) {
            step.accept(scope.create(batch.lr(), new Shape(batch.lrShape())),
                    scope.create(batch.hr(), new Shape(batch.hrShape())));
        }
    }

    /** The generator's GAN term, weighted; zero without a GAN weight. */
    private NDArray adversarialLoss(NDArray sr, NDArray hr) {
        if (ganWeight == 0) {
            return sr.getManager().zeros(new Shape());
        }
        if (discriminator == null) {
            throw new IllegalStateException("a GAN weight of " + ganWeight + " needs a discriminator");
        }
        // The discriminator is not recording: backward stops at its frozen tensors.
        try (NDArray unweighted = gan.generator(discriminator, sr, hr)) {
            return Ops.mul(unweighted, ganWeight);
        }
    }

    /** The generator's forward pass, its losses and the mixed gradient, all owned by {@code scope}. */
    record GeneratorPass(NDArray sr, NDArray l1, NDArray perceptual, NDArray adversarial, NDArray gradient) {}

    /**
     * Forward, both objectives, their per-tensor-normalised gradients mixed by the preference. Needs grad
     * mode. A preference without perception weight skips the perceptual and adversarial terms entirely.
     */
    GeneratorPass generatorPass(NDArray lr, NDArray hr, Preference preference, NDManager scope) {
        ParameterSet parameters = generator.weights().parameters();
        try (ParameterSet.Recording ignored = parameters.recordGradients(scope)) {
            NDArray sr = generator.forward(lr);
            sr.attach(scope);
            NDArray l1 = PixelLoss.l1(sr, hr);
            l1.attach(scope);
            NDArray perceptualLoss = l1.zerosLike();
            NDArray adversarial = l1.zerosLike();
            NDArray gradient = null;
            if (preference.distortion() > 0) {
                GradMode.backward(l1, preference.perception() > 0);
                gradient = mixer.accumulate(null, parameters.flatGradient(scope), preference.distortion(), scope);
                parameters.zeroGradients();
            }
            if (preference.perception() > 0) {
                perceptualLoss = perceptual.compute(sr, hr);
                adversarial = adversarialLoss(sr, hr);
                NDArray perception = perceptualLoss.add(adversarial);
                for (NDArray a : new NDArray[] {perceptualLoss, adversarial, perception}) {
                    a.attach(scope);
                }
                GradMode.backward(perception, false);
                gradient = mixer.accumulate(gradient, parameters.flatGradient(scope), preference.perception(), scope);
                parameters.zeroGradients();
            }
            return new GeneratorPass(sr, l1, perceptualLoss, adversarial, gradient);
        }
    }

    private NDArray discriminatorStep(NDArray sr, NDArray hr, double learningRate, NDManager scope) {
        ParameterSet parameters = discriminator.weights().parameters();
        NDArray srDetached = sr.stopGradient();
        srDetached.attach(scope);
        NDArray loss;
        try (ParameterSet.Recording ignored = parameters.recordGradients(scope)) {
            loss = gan.discriminator(discriminator, srDetached, hr);
            loss.attach(scope);
            GradMode.backward(loss, false);
        }
        discriminatorAdam.step(parameters.flatGradient(scope), learningRate);
        parameters.zeroGradients();
        return loss;
    }

    private void recordLosses(NDList losses, NDManager scope) {
        try (GradMode ignored = GradMode.disabled()) {
            NDArray stacked = NDArrays.stack(losses);
            stacked.attach(scope);
            lossSums.addi(stacked);
        }
        lossSteps++;
    }

    /** The mean losses since the last call (one device-to-host copy), then starts over. */
    public Losses drainLosses() {
        float[] sums = lossSums.toFloatArray();
        long n = Math.max(lossSteps, 1);
        Losses result = new Losses(lossSteps, sums[0] / n, sums[1] / n, sums[2] / n, sums[3] / n);
        try (GradMode ignored = GradMode.disabled()) {
            lossSums.muli(0);
        }
        lossSteps = 0;
        return result;
    }

    public Adam generatorOptimizer() {
        return generatorAdam;
    }

    public Adam discriminatorOptimizer() {
        return discriminatorAdam;
    }

    @Override
    public void close() {
        mixer.close();
        generatorAdam.close();
        if (discriminatorAdam != null) {
            discriminatorAdam.close();
        }
        manager.close();
    }
}
