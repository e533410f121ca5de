package io.eaadam.worker.cli;

import io.eaadam.common.cli.Args;
import io.eaadam.common.config.ConfigError;
import io.eaadam.common.config.ConfigLoader;
import io.eaadam.common.config.DeviceChoice;
import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.cli.UsageError;
import io.eaadam.common.store.ModelCard;

import java.io.IOException;

import java.util.ArrayList;
import java.util.List;

/** The architecture options shared by commands that build a generator without a config file. */
public final class ModelOptions {

    private ModelOptions() {}

    /**
     * {@code --model FILE}: a model card ({@code model.json}, which names its architecture and weights) or
     * a safetensors file whose architecture the options below give. The result's {@code initWeights} is
     * the weights file.
     */
    public static EaAdamConfig.Model readStored(Args args) throws IOException {
        String file = args.required("model");
        EaAdamConfig.Model architecture = read(args);
        return ModelCard.modelAt(file, architecture);
    }

    /** {@code --device auto|cpu|gpu:N}, {@code auto} if not given. */
    public static DeviceChoice device(Args args) {
        try {
            return DeviceChoice.parse(args.optional("device", "auto"));
        } catch (IllegalArgumentException e) {
            throw new UsageError(args.command() + ": --device " + e.getMessage());
        }
    }

    /** {@code --arch --scale --num-feat --num-block --num-grow-ch}, with each architecture's defaults. */
    public static EaAdamConfig.Model read(Args args) {
        String arch = args.optional("arch", "srresnet");
        List<String> overrides = new ArrayList<>();
        overrides.add("model.arch=" + arch);
        overrides.add("model.num-block=" + args.intOption("num-block", arch.trim().equalsIgnoreCase("rrdb") ? 23 : 16));
        overrides.add("model.num-feat=" + args.intOption("num-feat", 64));
        overrides.add("model.num-grow-ch=" + args.intOption("num-grow-ch", 32));
        overrides.add("model.scale=" + args.intOption("scale", 4));
        try {
            return ConfigLoader.load(null, overrides).model();
        } catch (ConfigError e) {
            throw new UsageError(args.command() + ": " + e.getMessage());
        }
    }
}
