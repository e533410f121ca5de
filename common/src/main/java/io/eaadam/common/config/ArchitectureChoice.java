package io.eaadam.common.config;

import io.eaadam.common.safetensors.SafeTensorsFormatException;

import java.util.Map;
import java.util.Objects;

/**
 * The architecture options of a command ({@code --arch}, {@code --scale}, {@code --num-feat}, ...), each
 * given or null. Bare weights need none: their architecture is read from the file
 * ({@link ArchitectureDetection}); options given are checked against it.
 */
public record ArchitectureChoice(Arch arch, Integer scale, Integer numFeat, Integer numBlock, Integer numGrowCh) {

    /**
     * The options given, over the defaults: srresnet x4, 64 features, 16 blocks (23 rrdb, 32 srvgg convs); swinir
     * is the classical SwinIR-M.
     */
    public EaAdamConfig.Model withDefaults() {
        Arch a = Objects.requireNonNullElse(arch, Arch.SRRESNET);
        int blocks = numBlock != null ? numBlock : a == Arch.RRDB ? 23 : a == Arch.SRVGG ? 32 : 16;
        return checked(new EaAdamConfig.Model(a, Objects.requireNonNullElse(scale, 4),
                Objects.requireNonNullElse(numFeat, 64), blocks, Objects.requireNonNullElse(numGrowCh, 32)));
    }

    /**
     * The architecture of a weights file with these tensor shapes: the one detected, which the options given
     * must agree with; for a layout not detected, the options given over the defaults (loading then checks
     * every tensor).
     *
     * @throws ConfigError when an option given disagrees with the file
     * @throws SafeTensorsFormatException when no option is given and the layout is unknown
     */
    public EaAdamConfig.Model forWeights(Map<String, int[]> shapes, String source) throws SafeTensorsFormatException {
        if (arch != null && ArchitectureDetection.of(shapes).isEmpty()) {
            return withDefaults();
        }
        EaAdamConfig.Model file = ArchitectureDetection.detect(shapes, source);
        EaAdamConfig.Model asked = checked(new EaAdamConfig.Model(Objects.requireNonNullElse(arch, file.arch()),
                Objects.requireNonNullElse(scale, file.scale()), Objects.requireNonNullElse(numFeat, file.numFeat()),
                Objects.requireNonNullElse(numBlock, file.numBlock()),
                Objects.requireNonNullElse(numGrowCh, file.numGrowCh()), file.swin(), "", ""));
        if (!ArchitectureDetection.options(asked).equals(ArchitectureDetection.options(file))) {
            throw new ConfigError(source + " holds the weights of " + ArchitectureDetection.options(file)
                    + ", not of the " + ArchitectureDetection.options(asked) + " asked for; leave the architecture "
                    + "options out (they are read from the file)");
        }
        return file;
    }

    private static EaAdamConfig.Model checked(EaAdamConfig.Model model) {
        String problem = model.problem();
        if (problem != null) {
            throw new ConfigError("--arch " + model.arch() + ": " + problem);
        }
        return model;
    }
}
