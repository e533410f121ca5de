package io.eaadam.common.store;

import java.io.Serializable;

/** The mean losses of a network over {@code steps} training steps (an epoch, or a log interval). */
public record Losses(long steps, double l1, double perceptual, double adversarial, double discriminator)
        implements Serializable {}
