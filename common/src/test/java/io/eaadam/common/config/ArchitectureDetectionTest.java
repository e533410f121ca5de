package io.eaadam.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eaadam.common.safetensors.SafeTensorsFormatException;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

class ArchitectureDetectionTest {

    @Test
    void basicSrNamesAndShapesGiveTheOptionsThatFit() {
        Map<String, int[]> msrresnet = new HashMap<>(Map.of("conv_first.weight", new int[] {16, 3, 3, 3},
                "body.0.conv1.weight", new int[] {16, 16, 3, 3}, "body.1.conv2.weight", new int[] {16, 16, 3, 3},
                "upconv1.weight", new int[] {64, 16, 3, 3}, "upconv2.weight", new int[] {64, 16, 3, 3}));
        assertEquals("--arch srresnet --scale 4 --num-feat 16 --num-block 2",
                ArchitectureDetection.options(ArchitectureDetection.of(msrresnet).orElseThrow()));
        msrresnet.remove("upconv2.weight");
        msrresnet.put("upconv1.weight", new int[] {144, 16, 3, 3});
        assertEquals(3, ArchitectureDetection.of(msrresnet).orElseThrow().scale());

        Map<String, int[]> rrdb = Map.of("module.conv_first.weight", new int[] {64, 3, 3, 3},
                "module.body.22.rdb3.conv5.weight", new int[] {64, 192, 3, 3},
                "module.body.0.rdb1.conv1.weight", new int[] {32, 64, 3, 3});
        assertEquals("--arch rrdb --scale 4 --num-feat 64 --num-block 23 --num-grow-ch 32",
                ArchitectureDetection.options(ArchitectureDetection.of(rrdb).orElseThrow()));

        assertEquals(Optional.empty(), ArchitectureDetection.of(Map.of("features.0.weight", new int[] {64, 3, 3, 3})));
    }

    @Test
    void realEsrganLayoutsGiveTheirScaleFromTheFirstAndLastConvs() {
        Map<String, int[]> x2plus = new HashMap<>(Map.of("conv_first.weight", new int[] {64, 12, 3, 3},
                "body.0.rdb1.conv1.weight", new int[] {32, 64, 3, 3}, "body.22.rdb3.conv5.weight", new int[] {64, 192, 3, 3}));
        assertEquals("--arch rrdb --scale 2 --num-feat 64 --num-block 23 --num-grow-ch 32",
                ArchitectureDetection.options(ArchitectureDetection.of(x2plus).orElseThrow()));
        x2plus.put("conv_first.weight", new int[] {64, 48, 3, 3});
        assertEquals(1, ArchitectureDetection.of(x2plus).orElseThrow().scale());
        x2plus.put("conv_first.weight", new int[] {64, 27, 3, 3});
        assertEquals(Optional.empty(), ArchitectureDetection.of(x2plus));

        assertEquals("--arch srvgg --scale 4 --num-feat 64 --num-block 32", ArchitectureDetection.options(
                ArchitectureDetection.of(srvgg(64, 32, 4)).orElseThrow()));
        assertEquals("--arch srvgg --scale 2 --num-feat 16 --num-block 3", ArchitectureDetection.options(
                ArchitectureDetection.of(srvgg(16, 3, 2)).orElseThrow()));
        Map<String, int[]> relu = new HashMap<>(srvgg(16, 3, 4));
        relu.keySet().removeIf(name -> name.matches("body\\.\\d*[13579]\\.weight"));
        assertEquals(Optional.empty(), ArchitectureDetection.of(relu), "act_type relu is not supported");
    }

    @Test
    void anUnknownLayoutIsOneLineListingWhatWasFound() {
        SafeTensorsFormatException unknown = assertThrows(SafeTensorsFormatException.class,
                () -> ArchitectureDetection.detect(Map.of("features.0.weight", new int[] {64, 3, 3, 3},
                        "features.0.bias", new int[] {64}), "vgg.safetensors"));
        assertEquals("vgg.safetensors: no known architecture in its 2 tensors (features.0.bias [64], "
                + "features.0.weight [64, 3, 3, 3]); expected BasicSR's MSRResNet or RRDBNet (conv_first, body.N...), "
                + "BasicSR's SwinIR (conv_first, layers.N.residual_group...) or Real-ESRGAN's SRVGGNetCompact (body.N with PReLU)", unknown.getMessage());
        assertTrue(assertThrows(SafeTensorsFormatException.class, () -> ArchitectureDetection.detect(
                Map.of("model.0.weight", new int[] {64, 3, 3, 3}), "RRDB_ESRGAN_x4.safetensors")).getMessage()
                .endsWith("these are the original ESRGAN's names, which tools/convert_pth.py renames"));
    }

    @Test
    void optionsGivenAreCheckedAgainstTheFile() throws Exception {
        Map<String, int[]> file = srvgg(64, 16, 4);
        ArchitectureChoice none = new ArchitectureChoice(null, null, null, null, null);
        assertEquals(new EaAdamConfig.Model(Arch.SRVGG, 4, 64, 16, 32), none.forWeights(file, "w"));
        assertEquals(new EaAdamConfig.Model(Arch.SRVGG, 4, 64, 16, 32),
                new ArchitectureChoice(Arch.SRVGG, 4, null, 16, null).forWeights(file, "w"));
        ConfigError wrong = assertThrows(ConfigError.class,
                () -> new ArchitectureChoice(Arch.SRRESNET, null, null, null, null).forWeights(file, "w"));
        assertEquals("w holds the weights of --arch srvgg --scale 4 --num-feat 64 --num-block 16, not of the "
                + "--arch srresnet --scale 4 --num-feat 64 --num-block 16 asked for; leave the architecture options "
                + "out (they are read from the file)", wrong.getMessage());
        assertThrows(ConfigError.class, () -> new ArchitectureChoice(Arch.RRDB, 3, null, null, null).withDefaults());
        Map<String, int[]> unknown = Map.of("features.0.weight", new int[] {64, 3, 3, 3});
        assertThrows(SafeTensorsFormatException.class, () -> none.forWeights(unknown, "w"));
        assertEquals(new EaAdamConfig.Model(Arch.RRDB, 4, 64, 23, 32),
                new ArchitectureChoice(Arch.RRDB, null, null, null, null).forWeights(unknown, "w"),
                "an undetected layout takes the options given (loading checks the tensors)");
    }

    /** Real-ESRGAN's SRVGGNetCompact names and shapes with PReLU activations. */
    private static Map<String, int[]> srvgg(int feat, int convs, int scale) {
        Map<String, int[]> shapes = new HashMap<>();
        for (int i = 0; i <= convs; i++) {
            shapes.put("body." + 2 * i + ".weight", new int[] {feat, i == 0 ? 3 : feat, 3, 3});
            shapes.put("body." + 2 * i + ".bias", new int[] {feat});
            shapes.put("body." + (2 * i + 1) + ".weight", new int[] {feat});
        }
        shapes.put("body." + 2 * (convs + 1) + ".weight", new int[] {3 * scale * scale, feat, 3, 3});
        shapes.put("body." + 2 * (convs + 1) + ".bias", new int[] {3 * scale * scale});
        return shapes;
    }

    @Test
    void suggestionsAreTheNearestNameWithinReach() {
        assertEquals(Optional.of("--model"), Suggestions.closest("--mdoel", List.of("--model", "--input"), 2));
        assertEquals(Optional.empty(), Suggestions.closest("--zzz", List.of("--model", "--input"), 2));
    }
}
