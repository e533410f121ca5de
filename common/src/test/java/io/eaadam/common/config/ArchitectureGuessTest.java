package io.eaadam.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

class ArchitectureGuessTest {

    @Test
    void basicSrNamesAndShapesGiveTheOptionsThatFit() {
        Map<String, int[]> msrresnet = new HashMap<>(Map.of("conv_first.weight", new int[] {16, 3, 3, 3},
                "body.0.conv1.weight", new int[] {16, 16, 3, 3}, "body.1.conv2.weight", new int[] {16, 16, 3, 3},
                "upconv1.weight", new int[] {64, 16, 3, 3}, "upconv2.weight", new int[] {64, 16, 3, 3}));
        assertEquals("--arch srresnet --scale 4 --num-feat 16 --num-block 2",
                ArchitectureGuess.options(ArchitectureGuess.of(msrresnet).orElseThrow()));
        msrresnet.remove("upconv2.weight");
        msrresnet.put("upconv1.weight", new int[] {144, 16, 3, 3});
        assertEquals(3, ArchitectureGuess.of(msrresnet).orElseThrow().scale());

        Map<String, int[]> rrdb = Map.of("module.conv_first.weight", new int[] {64, 3, 3, 3},
                "module.body.22.rdb3.conv5.weight", new int[] {64, 192, 3, 3},
                "module.body.0.rdb1.conv1.weight", new int[] {32, 64, 3, 3});
        assertEquals("--arch rrdb --scale 4 --num-feat 64 --num-block 23 --num-grow-ch 32",
                ArchitectureGuess.options(ArchitectureGuess.of(rrdb).orElseThrow()));

        assertEquals(Optional.empty(), ArchitectureGuess.of(Map.of("features.0.weight", new int[] {64, 3, 3, 3})));
    }

    @Test
    void suggestionsAreTheNearestNameWithinReach() {
        assertEquals(Optional.of("--model"), Suggestions.closest("--mdoel", List.of("--model", "--input"), 2));
        assertEquals(Optional.empty(), Suggestions.closest("--zzz", List.of("--model", "--input"), 2));
    }
}
