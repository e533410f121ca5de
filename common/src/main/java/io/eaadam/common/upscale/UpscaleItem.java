package io.eaadam.common.upscale;

import java.io.Serializable;

/** One input to upscale: its URI, its output's URI and its size in bytes (what tasks are balanced by). */
public record UpscaleItem(String source, String target, long bytes) implements Serializable {}
