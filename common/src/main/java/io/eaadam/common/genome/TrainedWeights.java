package io.eaadam.common.genome;

import java.io.Serializable;

/** A network's state dict with its Adam moments and step count: what a checkpoint must keep. */
public record TrainedWeights(Genome weights, Genome adam, long adamSteps) implements Serializable {}
