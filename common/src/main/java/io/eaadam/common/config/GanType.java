package io.eaadam.common.config;

/** The adversarial loss: SRGAN's BCE with logits, or ESRGAN's relativistic average GAN. */
public enum GanType {
    VANILLA,
    RAGAN;

    @Override
    public String toString() {
        return Choices.name(this);
    }
}
