package io.eaadam.worker.cli;

import com.typesafe.config.Config;

import io.eaadam.common.config.ConfigLoader;
import io.eaadam.common.config.OutputFormat;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The settings of upscale and infer: the config, and options for the first keys of its upscale block. */
public final class UpscaleOptions {

    @Option(names = "--format", paramLabel = "FORMAT", description = "png, jpeg or tiff (default: upscale.format).")
    OutputFormat format;

    @Option(names = "--quality", paramLabel = "1-100", description = "JPEG quality (default: upscale.quality).")
    Integer quality;

    @Option(names = "--tile", paramLabel = "PIXELS", description = "Input tile side (default: upscale.tile).")
    Integer tile;

    @Option(names = "--overlap", paramLabel = "PIXELS",
            description = "Least overlap of neighbouring tiles (default: upscale.overlap).")
    Integer overlap;

    @Option(names = "--batch", paramLabel = "N", description = "Tiles per forward pass (default: upscale.batch).")
    Integer batch;

    @Mixin
    ConfigOptions config;

    /** The settings, with {@code extra} overrides last. */
    public Config resolve(String... extra) {
        List<String> overrides = new ArrayList<>(config.overrides());
        Map<String, String> options = new HashMap<>();
        add(overrides, options, "--format", "upscale.format", format);
        add(overrides, options, "--quality", "upscale.quality", quality);
        add(overrides, options, "--tile", "upscale.tile", tile);
        add(overrides, options, "--overlap", "upscale.overlap", overlap);
        add(overrides, options, "--batch", "upscale.batch", batch);
        overrides.addAll(List.of(extra));
        return ConfigLoader.resolve(config.conf(), overrides, options);
    }

    private static void add(List<String> overrides, Map<String, String> options, String option, String key,
            Object value) {
        if (value != null) {
            overrides.add(key + "=" + value);
            options.put(key, option);
        }
    }
}
