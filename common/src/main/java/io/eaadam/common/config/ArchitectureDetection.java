package io.eaadam.common.config;

import io.eaadam.common.safetensors.SafeTensorsFormatException;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The architecture a weights file was saved from, read off its tensor names and shapes as chaiNNer's spandrel
 * does for PyTorch files: BasicSR's MSRResNet and RRDBNet (any scale they have) and Real-ESRGAN's
 * SRVGGNetCompact, with their numbers (features, blocks or convs, growth channels, scale). Loading the file
 * into the architecture found then checks every other tensor.
 */
public final class ArchitectureDetection {

    private static final Pattern INDEX = Pattern.compile("body\\.(\\d+)\\..*");
    private static final int LISTED = 4;

    private ArchitectureDetection() {}

    /**
     * @param shapes tensor names (a DataParallel {@code module.} prefix allowed) to shapes
     * @return the architecture, or empty for a layout of none of the three
     */
    public static Optional<EaAdamConfig.Model> of(Map<String, int[]> shapes) {
        Map<String, int[]> named = new TreeMap<>();
        shapes.forEach((name, shape) -> named.put(name.startsWith("module.") ? name.substring(7) : name, shape));
        int[] first = named.get("conv_first.weight");
        if (first != null && first.length == 4) {
            int numFeat = first[0];
            int blocks = highestBodyIndex(named) + 1;
            int[] growth = named.get("body.0.rdb1.conv1.weight");
            int[] up = named.get("upconv1.weight");
            if (growth != null) {
                // x2 and x1 pixel-unshuffle 3 channels into 12 or 48.
                int scale = first[1] == 3 ? 4 : first[1] == 12 ? 2 : first[1] == 48 ? 1 : 0;
                return scale == 0 ? Optional.empty()
                        : Optional.of(new EaAdamConfig.Model(Arch.RRDB, scale, numFeat, blocks, growth[0]));
            }
            if (up != null && blocks > 0) {
                int scale = named.containsKey("upconv2.weight") ? 4 : (int) Math.round(Math.sqrt(up[0] / (double) numFeat));
                return Optional.of(new EaAdamConfig.Model(Arch.SRRESNET, scale, numFeat, blocks, 32));
            }
            return Optional.empty();
        }
        int[] conv = named.get("body.0.weight");
        int[] prelu = named.get("body.1.weight");
        if (conv != null && conv.length == 4 && prelu != null && prelu.length == 1) {
            int last = highestBodyIndex(named);
            int[] out = named.get("body." + last + ".weight");
            int channels = out == null || out.length != 4 ? 0 : out[0];
            int scale = (int) Math.round(Math.sqrt(channels / 3.0));
            if (last % 2 == 0 && last >= 4 && scale >= 1 && 3 * scale * scale == channels) {
                return Optional.of(new EaAdamConfig.Model(Arch.SRVGG, scale, conv[0], last / 2 - 1, 32));
            }
        }
        return Optional.empty();
    }

    /**
     * The architecture, or a one-line refusal that lists what the file holds.
     *
     * @throws SafeTensorsFormatException naming {@code source}, the first tensors found and what was expected
     */
    public static EaAdamConfig.Model detect(Map<String, int[]> shapes, String source)
            throws SafeTensorsFormatException {
        return of(shapes).orElseThrow(() -> new SafeTensorsFormatException(source, "no known architecture in its "
                + shapes.size() + " tensors (" + listed(shapes) + "); expected BasicSR's MSRResNet or RRDBNet "
                + "(conv_first, body.N...) or Real-ESRGAN's SRVGGNetCompact (body.N with PReLU)"
                + (isOriginalEsrgan(shapes) ? ": these are the original ESRGAN's names, which "
                        + "tools/convert_pth.py renames" : "")));
    }

    /** The options that select {@code model}: {@code --arch srresnet --scale 4 --num-feat 16 --num-block 2}. */
    public static String options(EaAdamConfig.Model model) {
        return "--arch " + model.arch() + " --scale " + model.scale() + " --num-feat " + model.numFeat()
                + " --num-block " + model.numBlock()
                + (model.arch() == Arch.RRDB ? " --num-grow-ch " + model.numGrowCh() : "");
    }

    private static int highestBodyIndex(Map<String, int[]> named) {
        int highest = -1;
        for (String name : named.keySet()) {
            Matcher m = INDEX.matcher(name);
            if (m.matches()) {
                highest = Math.max(highest, Integer.parseInt(m.group(1)));
            }
        }
        return highest;
    }

    private static boolean isOriginalEsrgan(Map<String, int[]> shapes) {
        return shapes.containsKey("model.0.weight") || shapes.containsKey("conv_first.weight")
                && shapes.keySet().stream().anyMatch(n -> n.startsWith("RRDB_trunk."));
    }

    /** The first tensors in name order: "body.0.weight [64, 3, 3, 3], body.0.bias [64], ...". */
    private static String listed(Map<String, int[]> shapes) {
        return shapes.entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.naturalOrder())).limit(LISTED)
                .map(e -> e.getKey() + " " + Arrays.toString(e.getValue())).collect(Collectors.joining(", "))
                + (shapes.size() > LISTED ? ", ..." : "");
    }
}
