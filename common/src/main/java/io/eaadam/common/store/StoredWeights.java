package io.eaadam.common.store;

import java.io.Serializable;

/**
 * Weights and their Adam moments after {@code adamSteps} steps, as two files of a run's folder: how a
 * slot's discriminator and a fusion checkpoint's heads and discriminator are kept between Spark tasks.
 *
 * @param adam null for weights that have not been trained here yet (a stage-1 discriminator starting a fusion)
 */
public record StoredWeights(Manifest.FileRef weights, Manifest.FileRef adam, long adamSteps) implements Serializable {}
