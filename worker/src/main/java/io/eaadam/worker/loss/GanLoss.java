package io.eaadam.worker.loss;

import ai.djl.ndarray.NDArray;

import io.eaadam.common.config.GanType;
import io.eaadam.worker.nn.Ops;
import io.eaadam.worker.nn.VggStyleDiscriminator;
import io.eaadam.worker.runtime.GradMode;

/**
 * The adversarial losses of method 2.4, generator and discriminator sides, with the same number
 * of discriminator forwards as the authors (their BatchNorm runs in training mode, so every forward
 * moves the running statistics).
 */
public enum GanLoss {

    /** SRGAN's non-saturating BCE-with-logits loss. */
    VANILLA {
        @Override
        public NDArray generator(VggStyleDiscriminator d, NDArray sr, NDArray hr) {
            try (NDArray fake = d.forward(sr)) {
                return Ops.bceWithLogits(fake, true);
            }
        }

        @Override
        public NDArray discriminator(VggStyleDiscriminator d, NDArray srDetached, NDArray hr) {
            try (NDArray real = d.forward(hr);
                    NDArray fake = d.forward(srDetached);
                    NDArray realLoss = Ops.bceWithLogits(real, true);
                    NDArray fakeLoss = Ops.bceWithLogits(fake, false)) {
                return realLoss.add(fakeLoss);
            }
        }
    },

    /** ESRGAN's relativistic average GAN. */
    RAGAN {
        @Override
        public NDArray generator(VggStyleDiscriminator d, NDArray sr, NDArray hr) {
            try (NDArray real = detachedForward(d, hr);
                    NDArray fake = d.forward(sr);
                    NDArray realMean = real.mean();
                    NDArray fakeMean = fake.mean();
                    NDArray realRelative = real.sub(fakeMean);
                    NDArray fakeRelative = fake.sub(realMean);
                    NDArray realLoss = Ops.bceWithLogits(realRelative, false);
                    NDArray fakeLoss = Ops.bceWithLogits(fakeRelative, true);
                    NDArray sum = realLoss.add(fakeLoss)) {
                return Ops.mul(sum, 0.5);
            }
        }

        @Override
        public NDArray discriminator(VggStyleDiscriminator d, NDArray srDetached, NDArray hr) {
            try (NDArray fakeForMean = detachedForward(d, srDetached);
                    NDArray fakeMean = fakeForMean.mean();
                    NDArray real = d.forward(hr);
                    NDArray realRelative = real.sub(fakeMean);
                    NDArray realLoss = Ops.bceWithLogits(realRelative, true);
                    NDArray fake = d.forward(srDetached);
                    NDArray realMean = real.stopGradient().mean();
                    NDArray fakeRelative = fake.sub(realMean);
                    NDArray fakeLoss = Ops.bceWithLogits(fakeRelative, false);
                    NDArray sum = realLoss.add(fakeLoss)) {
                return Ops.mul(sum, 0.5);
            }
        }
    };

    /** The generator's adversarial loss; gradients reach {@code sr} (and D, whose parameters the caller freezes). */
    public abstract NDArray generator(VggStyleDiscriminator d, NDArray sr, NDArray hr);

    /** The discriminator's loss on a real and a detached fake batch. */
    public abstract NDArray discriminator(VggStyleDiscriminator d, NDArray srDetached, NDArray hr);

    public static GanLoss of(GanType type) {
        return switch (type) {
            case VANILLA -> VANILLA;
            case RAGAN -> RAGAN;
        };
    }

    /** A forward whose output is a constant for autograd (the authors' {@code .detach()}). */
    private static NDArray detachedForward(VggStyleDiscriminator d, NDArray x) {
        try (GradMode ignored = GradMode.disabled()) {
            return d.forward(x);
        }
    }
}
