package io.eaadam.common.store;

import com.google.gson.annotations.SerializedName;

import java.io.Serializable;

/**
 * Where a Spark task ran: the executor, the GPU address Spark assigned to it (null for none) and the DJL
 * device it used, as {@code Device.toString()} gives it.
 */
public record Placement(String executor,
        // metrics.jsonl lines written before formats were versioned spell it gpuAddress
        @SerializedName(value = "gpu_address", alternate = "gpuAddress") String gpuAddress,
        String device) implements Serializable {}
