package io.eaadam.common.mo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

import java.util.List;

class Nsga2SurvivalTest {

    private static final VariationPlan FIRST = new VariationPlan(1, -1, 0, true, 5);
    private static final VariationPlan SECOND = new VariationPlan(2, 1, 6, false, 0);

    @Test
    void theBestByRankSurviveInOrderOfDistortionAndAFrozenSlot0StaysOut() {
        List<Objectives> members = List.of(new Objectives(0.1, 9), new Objectives(3, 3), new Objectives(4, 4));
        // (4, 4) is dominated by both children; the survivors (1, 5), (2, 2) and (3, 3) fill slots 1 and 2.
        List<Objectives> children = List.of(new Objectives(2, 2), new Objectives(1, 5));
        SelectionOperator.Result result = new Nsga2Survival(false).select(members, List.of(FIRST, SECOND), children);
        // Pool: (3,3) (4,4) (2,2) (1,5); rank 0: (2,2) and (1,5), which is all two slots take.
        assertEquals(List.of(members.get(0), children.get(1), children.get(0)), result.objectives());
        assertArrayEquals(new int[] {0, -1, -1}, result.update().fromSlot());
        assertSame(SECOND, result.update().plans()[1]);
        assertSame(FIRST, result.update().plans()[2]);
        assertEquals(2, result.replacements());
    }

    @Test
    void slot0CompetesWhenReplaceable() {
        List<Objectives> members = List.of(new Objectives(5, 5), new Objectives(1, 3), new Objectives(3, 1));
        SelectionOperator.Result result = new Nsga2Survival(true).select(members, List.of(FIRST),
                List.of(new Objectives(2, 2)));
        assertEquals(List.of(new Objectives(1, 3), new Objectives(2, 2), new Objectives(3, 1)), result.objectives());
        assertArrayEquals(new int[] {1, -1, 2}, result.update().fromSlot(), "members move to their place in the order");
    }

    @Test
    void duplicatesAreResolvedByCrowdingThenIndexTheSameWayEveryTime() {
        Objectives two = new Objectives(2, 2);
        List<Objectives> members = List.of(new Objectives(1, 1), two, two);
        List<Objectives> children = List.of(two, new Objectives(1.5, 3));
        // Pool (slot 0 frozen): [(2,2) member 1, (2,2) member 2, (2,2) child 0, (1.5,3) child 1], all rank 0.
        // Crowding: infinite for the extremes of each objective (index 0, 2 and 3), 0 for index 1; ties by
        // index keep 0 and 2, which both have distortion 2: slot 1 keeps member 1, slot 2 takes child 0.
        for (int repeat = 0; repeat < 3; repeat++) {
            SelectionOperator.Result result = new Nsga2Survival(false).select(members, List.of(FIRST, SECOND), children);
            assertArrayEquals(new int[] {0, 1, -1}, result.update().fromSlot());
            assertNull(result.update().plans()[1]);
            assertSame(FIRST, result.update().plans()[2]);
            assertEquals(List.of(members.get(0), two, two), result.objectives());
        }
    }
}
