package io.eaadam.common.config;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The architecture a weights file was saved from, read off BasicSR's tensor names and shapes: what to suggest
 * when a file does not fit the architecture asked for ({@code --num-feat}, {@code --num-block}, ...).
 */
public final class ArchitectureGuess {

    private static final Pattern BLOCK = Pattern.compile("body\\.(\\d+)\\..*");

    private ArchitectureGuess() {}

    /** @param shapes tensor names (a DataParallel {@code module.} prefix allowed) to shapes */
    public static Optional<EaAdamConfig.Model> of(Map<String, int[]> shapes) {
        Map<String, int[]> named = new java.util.HashMap<>();
        shapes.forEach((name, shape) -> named.put(name.startsWith("module.") ? name.substring(7) : name, shape));
        int[] first = named.get("conv_first.weight");
        if (first == null || first.length != 4) {
            return Optional.empty();
        }
        int numFeat = first[0];
        int blocks = 0;
        for (String name : named.keySet()) {
            Matcher m = BLOCK.matcher(name);
            if (m.matches()) {
                blocks = Math.max(blocks, Integer.parseInt(m.group(1)) + 1);
            }
        }
        int[] growth = named.get("body.0.rdb1.conv1.weight");
        if (growth != null) {
            return Optional.of(new EaAdamConfig.Model(Arch.RRDB, 4, numFeat, blocks, growth[0]));
        }
        int[] up = named.get("upconv1.weight");
        if (up == null || blocks == 0) {
            return Optional.empty();
        }
        int scale = named.containsKey("upconv2.weight") ? 4 : (int) Math.round(Math.sqrt(up[0] / (double) numFeat));
        return Optional.of(new EaAdamConfig.Model(Arch.SRRESNET, scale, numFeat, blocks, 32));
    }

    /** The options that select {@code model}: {@code --arch srresnet --scale 4 --num-feat 16 --num-block 2}. */
    public static String options(EaAdamConfig.Model model) {
        return "--arch " + model.arch() + " --scale " + model.scale() + " --num-feat " + model.numFeat()
                + " --num-block " + model.numBlock()
                + (model.arch() == Arch.RRDB ? " --num-grow-ch " + model.numGrowCh() : "");
    }
}
