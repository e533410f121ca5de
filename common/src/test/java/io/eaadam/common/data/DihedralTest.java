package io.eaadam.common.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eaadam.common.image.Image;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DihedralTest {

    /** 1 2 3 / 4 5 6: 2 rows, 3 columns. */
    private static final Image EXAMPLE = Image.of(1, 2, 3, new float[] {1, 2, 3, 4, 5, 6});

    @Test
    void eachTransformMatchesTheHandWrittenResult() {
        check(Dihedral.IDENTITY, 2, 3, 1, 2, 3, 4, 5, 6);
        check(new Dihedral(true, false, false), 2, 3, 3, 2, 1, 6, 5, 4);
        check(new Dihedral(false, true, false), 2, 3, 4, 5, 6, 1, 2, 3);
        check(new Dihedral(true, true, false), 2, 3, 6, 5, 4, 3, 2, 1);
        check(new Dihedral(false, false, true), 3, 2, 1, 4, 2, 5, 3, 6);
        check(new Dihedral(true, false, true), 3, 2, 3, 6, 2, 5, 1, 4);
        check(new Dihedral(false, true, true), 3, 2, 4, 1, 5, 2, 6, 3);
        check(new Dihedral(true, true, true), 3, 2, 6, 3, 5, 2, 4, 1);
    }

    @Test
    void theEightTransformsGiveEightDistinctImagesClosedUnderComposition() {
        assertEquals(8, Dihedral.ALL.size());
        assertEquals(Dihedral.IDENTITY, Dihedral.ALL.get(0));
        Set<List<Float>> results = new HashSet<>();
        for (Dihedral d : Dihedral.ALL) {
            results.add(values(d.apply(EXAMPLE)));
        }
        assertEquals(8, results.size());
        // Any two in sequence give one of the 8 (a group), and each has an inverse among them.
        for (Dihedral first : Dihedral.ALL) {
            for (Dihedral second : Dihedral.ALL) {
                assertTrue(results.contains(values(second.apply(first.apply(EXAMPLE)))), first + " then " + second);
            }
            assertEquals(values(EXAMPLE), values(first.inverse().apply(first.apply(EXAMPLE))), first.toString());
        }
    }

    @Test
    void everyChannelIsTransformedAlike() {
        Image rgb = Image.of(3, 2, 3, new float[] {1, 2, 3, 4, 5, 6, 11, 12, 13, 14, 15, 16, 21, 22, 23, 24, 25, 26});
        Image out = new Dihedral(true, false, true).apply(rgb);
        assertArrayEquals(new float[] {3, 6, 2, 5, 1, 4, 13, 16, 12, 15, 11, 14, 23, 26, 22, 25, 21, 24}, out.data());
    }

    private static void check(Dihedral d, int height, int width, float... expected) {
        Image out = d.apply(EXAMPLE);
        assertEquals(height, out.height(), d.toString());
        assertEquals(width, out.width(), d.toString());
        assertArrayEquals(expected, out.data(), d.toString());
    }

    private static List<Float> values(Image image) {
        List<Float> values = new ArrayList<>();
        values.add((float) image.height());
        for (float v : image.data()) {
            values.add(v);
        }
        return values;
    }
}
