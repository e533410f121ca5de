package io.eaadam.worker.train;

import io.eaadam.common.genome.Genome;

import java.io.Serializable;

/** A network's state dict with its {@link Adam} moments and step count: what a checkpoint must keep. */
public record TrainedWeights(Genome weights, Genome adam, long adamSteps) implements Serializable {}
