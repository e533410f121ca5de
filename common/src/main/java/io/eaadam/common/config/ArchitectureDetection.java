package io.eaadam.common.config;

import io.eaadam.common.safetensors.SafeTensorsFormatException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The architecture a weights file was saved from, read off its tensor names and shapes as chaiNNer's spandrel
 * does for PyTorch files: BasicSR's MSRResNet and RRDBNet (any scale they have), Real-ESRGAN's
 * SRVGGNetCompact and BasicSR's SwinIR, with their numbers (features, blocks or convs, growth channels, scale). Loading the file
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
        if (first != null && first.length == 4 && named.containsKey(block(0, 0) + "norm1.weight")) {
            return swinir(named, first[0]);
        }
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
     * SwinIR: depths from the block counts, heads from the position bias tables' columns, the window from their
     * rows ((2w - 1)^2), the MLP ratio from fc1, the residual connection and upsampler from the names of the convs.
     * The image size is not in the weights; BasicSR's 64 (twice the window for larger windows) keeps the shifted
     * windows every published SwinIR has.
     */
    private static Optional<EaAdamConfig.Model> swinir(Map<String, int[]> named, int embedDim) {
        List<Integer> depths = new ArrayList<>();
        List<Integer> heads = new ArrayList<>();
        int window = 0;
        for (int layer = 0; named.containsKey(block(layer, 0) + "norm1.weight"); layer++) {
            int blocks = 0;
            while (named.containsKey(block(layer, blocks) + "norm1.weight")) {
                blocks++;
            }
            int[] table = named.get(block(layer, 0) + "attn.relative_position_bias_table");
            if (table == null || table.length != 2) {
                return Optional.empty();
            }
            int side = (int) Math.round(Math.sqrt(table[0]));
            window = (side + 1) / 2;
            depths.add(blocks);
            heads.add(table[1]);
        }
        int[] fc1 = named.get(block(0, 0) + "mlp.fc1.weight");
        if (fc1 == null || window < 1) {
            return Optional.empty();
        }
        SwinSettings.ResiConnection resi = named.containsKey("conv_after_body.0.weight")
                ? SwinSettings.ResiConnection.THREE_CONV : SwinSettings.ResiConnection.ONE_CONV;
        int[] before = named.get("conv_before_upsample.0.weight");
        int[] up = named.get("upsample.0.weight");
        int numFeat = before != null ? before[0] : 64;
        SwinSettings.Upsampler upsampler;
        int scale;
        if (before != null && named.containsKey("conv_up1.weight")) {
            upsampler = SwinSettings.Upsampler.NEAREST_CONV;
            scale = 4;
        } else if (before != null && up != null) {
            upsampler = SwinSettings.Upsampler.PIXELSHUFFLE;
            int stages = 0;
            while (named.containsKey("upsample." + 2 * stages + ".weight")) {
                stages++;
            }
            scale = up[0] == 9 * numFeat ? 3 : 1 << stages;
        } else if (up != null) {
            upsampler = SwinSettings.Upsampler.PIXELSHUFFLEDIRECT;
            scale = (int) Math.round(Math.sqrt(up[0] / 3.0));
        } else {
            upsampler = SwinSettings.Upsampler.NONE;
            scale = 1;
        }
        SwinSettings swin = new SwinSettings(embedDim, depths, heads, window, fc1[0] / (double) embedDim, upsampler,
                resi, Math.max(64, 2 * window), 1);
        EaAdamConfig.Model model = EaAdamConfig.Model.swinir(scale, numFeat, swin);
        return model.problem() == null ? Optional.of(model) : Optional.empty();
    }

    private static String block(int layer, int block) {
        return "layers." + layer + ".residual_group.blocks." + block + ".";
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
                + "(conv_first, body.N...), BasicSR's SwinIR (conv_first, layers.N.residual_group...) or Real-ESRGAN's "
                + "SRVGGNetCompact (body.N with PReLU)"
                + (isOriginalEsrgan(shapes) ? ": these are the original ESRGAN's names, which "
                        + "tools/convert_pth.py renames" : "")));
    }

    /** The options that select {@code model}: {@code --arch srresnet --scale 4 --num-feat 16 --num-block 2}. */
    public static String options(EaAdamConfig.Model model) {
        if (model.swin() != null) {
            return "--arch swinir --scale " + model.scale() + " (" + model.swin().describe()
                    + (model.swin().upsampler().hasFeatures() ? ", num-feat " + model.numFeat() : "") + ")";
        }
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
