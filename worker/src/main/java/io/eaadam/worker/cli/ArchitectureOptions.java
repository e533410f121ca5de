package io.eaadam.worker.cli;

import io.eaadam.common.config.Arch;
import io.eaadam.common.config.ArchitectureChoice;
import io.eaadam.common.config.ConfigError;
import io.eaadam.common.config.EaAdamConfig;

import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/**
 * The generator's shape. Bare weights need none of these options: the architecture is read from the file,
 * and options given are checked against it.
 */
public final class ArchitectureOptions {

    @Option(names = "--arch", paramLabel = "ARCH",
            description = "srresnet (BasicSR MSRResNet), rrdb (RRDBNet), srvgg (Real-ESRGAN SRVGGNetCompact) or swinir "
                    + "(BasicSR SwinIR; without weights the classical SwinIR-M); default: read from the weights "
                    + "(srresnet without weights).")
    Arch arch;

    @Option(names = "--scale", paramLabel = "N", description = "Upscaling factor (default: the weights', else 4).")
    Integer scale;

    @Option(names = "--num-feat", paramLabel = "N", description = "Feature channels (default: the weights', else 64).")
    Integer numFeat;

    @Option(names = "--num-block", paramLabel = "N",
            description = "Residual blocks, or srvgg's body convs (default: the weights', else 16 srresnet, 23 rrdb, "
                    + "32 srvgg).")
    Integer numBlock;

    @Option(names = "--num-grow-ch", paramLabel = "N",
            description = "RRDB growth channels (default: the weights', else 32).")
    Integer numGrowCh;

    /** The options as given, for weights files. */
    public ArchitectureChoice choice() {
        return new ArchitectureChoice(arch, scale, numFeat, numBlock, numGrowCh);
    }

    /** The options given, as {@code model.*} overrides of a config. */
    public List<String> settings() {
        List<String> settings = new ArrayList<>();
        if (arch != null) {
            settings.add("model.arch=" + arch);
        }
        if (scale != null) {
            settings.add("model.scale=" + scale);
        }
        if (numFeat != null) {
            settings.add("model.num-feat=" + numFeat);
        }
        if (numBlock != null) {
            settings.add("model.num-block=" + numBlock);
        }
        if (numGrowCh != null) {
            settings.add("model.num-grow-ch=" + numGrowCh);
        }
        return settings;
    }

    /** The architecture without weights: the options given over the defaults. */
    public EaAdamConfig.Model model() {
        try {
            return choice().withDefaults();
        } catch (ConfigError e) {
            throw new UsageError(e.getMessage());
        }
    }
}
