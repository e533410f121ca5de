package io.eaadam.worker.cli;

import io.eaadam.common.config.Arch;
import io.eaadam.common.config.ConfigError;
import io.eaadam.common.config.ConfigLoader;
import io.eaadam.common.config.EaAdamConfig;

import picocli.CommandLine.Option;

import java.util.List;

/** The generator's shape, for weights that come without a model card (a bare safetensors file). */
public final class ArchitectureOptions {

    @Option(names = "--arch", paramLabel = "ARCH", defaultValue = "srresnet",
            description = "Backbone of bare weights: srresnet (BasicSR MSRResNet) or rrdb (RRDBNet).")
    Arch arch;

    @Option(names = "--scale", paramLabel = "N", defaultValue = "4", description = "Upscaling factor.")
    int scale;

    @Option(names = "--num-feat", paramLabel = "N", defaultValue = "64", description = "Feature channels.")
    int numFeat;

    @Option(names = "--num-block", paramLabel = "N", description = "Residual blocks (default: 16 srresnet, 23 rrdb).")
    Integer numBlock;

    @Option(names = "--num-grow-ch", paramLabel = "N", defaultValue = "32", description = "RRDB growth channels.")
    int numGrowCh;

    /** The architecture, checked as the config checks model.* (no weights). */
    public EaAdamConfig.Model model() {
        int blocks = numBlock != null ? numBlock : arch == Arch.RRDB ? 23 : 16;
        try {
            return ConfigLoader.load(null, List.of("model.arch=" + arch, "model.scale=" + scale,
                    "model.num-feat=" + numFeat, "model.num-block=" + blocks, "model.num-grow-ch=" + numGrowCh)).model();
        } catch (ConfigError e) {
            throw new UsageError(e.getMessage());
        }
    }
}
