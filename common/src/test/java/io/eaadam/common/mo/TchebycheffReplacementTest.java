package io.eaadam.common.mo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * The authors' replacement on P = 3 with T = 1 (every neighbourhood is {0, 1, 2}) and preferences (1, 0),
 * (0.5, 0.5), (0, 1). Members (1, 3), (2, 2), (3, 1): ideal (1, 1), nadir (3, 3).
 */
class TchebycheffReplacementTest {

    private static final List<Preference> PREFERENCES = Decomposition.uniformPreferences(3);
    private static final int[][] NEIGHBOURHOODS = Decomposition.neighbourhoods(3, 1);
    private static final List<Objectives> MEMBERS = List.of(new Objectives(1, 3), new Objectives(2, 2),
            new Objectives(3, 1));
    private static final VariationPlan PLAN = new VariationPlan(1, 2, 11, false, 0);

    private static TchebycheffReplacement replacement(boolean replaceSlot0, int maxReplacements) {
        return new TchebycheffReplacement(PREFERENCES, NEIGHBOURHOODS, replaceSlot0, maxReplacements, MEMBERS);
    }

    @Test
    void theIdealAndNadirPointsTakeInTheChildBeforeItIsCompared() {
        TchebycheffReplacement selection = replacement(true, 0);
        assertEquals(new Objectives(1, 1), selection.ideal());
        assertEquals(new Objectives(3, 3), selection.nadir());
        // Against the updated points (ideal (0, 1), nadir (3, 4)) the child scores 0 for slot 0, whose member
        // scores 1/3; against the old ones it would score 1/2 against 0 and lose.
        Objectives child = new Objectives(0, 4);
        SelectionOperator.Result result = selection.select(MEMBERS, List.of(PLAN), List.of(child));
        assertEquals(new Objectives(0, 1), selection.ideal());
        assertEquals(new Objectives(3, 4), selection.nadir());
        assertSame(PLAN, result.update().plans()[0]);
        assertNull(result.update().plans()[1]);
        assertNull(result.update().plans()[2]);
        assertEquals(List.of(child, MEMBERS.get(1), MEMBERS.get(2)), result.objectives());
        assertEquals(1, result.replacements());
    }

    @Test
    void aRejectedChildStillMovesThePointsForTheRestOfTheEpoch() {
        TchebycheffReplacement selection = replacement(true, 0);
        SelectionOperator.Result rejected = selection.select(MEMBERS, List.of(PLAN), List.of(new Objectives(5, 6)));
        assertFalse(rejected.update().changesAnything());
        assertEquals(new Objectives(5, 6), selection.nadir());
    }

    @Test
    void aChildThatOnlyTiesReplacesNothing() {
        SelectionOperator.Result result = replacement(true, 0).select(MEMBERS, List.of(PLAN), List.of(MEMBERS.get(1)));
        assertFalse(result.update().changesAnything(), "strict <: a tie keeps the member");
        assertEquals(MEMBERS, result.objectives());
    }

    @Test
    void aDominatingChildReplacesItsWholeNeighbourhoodUnlessCapped() {
        Objectives best = new Objectives(0.5, 0.5);
        SelectionOperator.Result all = replacement(true, 0).select(MEMBERS, List.of(PLAN), List.of(best));
        assertEquals(List.of(best, best, best), all.objectives());
        assertArrayEquals(new int[] {-1, -1, -1}, all.update().fromSlot());
        assertEquals(3, all.replacements());

        SelectionOperator.Result capped = replacement(true, 1).select(MEMBERS, List.of(PLAN), List.of(best));
        assertEquals(List.of(best, MEMBERS.get(1), MEMBERS.get(2)), capped.objectives(),
                "max-replacements 1: only the first neighbour it beats, in neighbourhood order");
    }

    @Test
    void slotZeroIsLeftAloneUnlessReplaceSlot0() {
        Objectives best = new Objectives(0.5, 0.5);
        SelectionOperator.Result result = replacement(false, 0).select(MEMBERS, List.of(PLAN), List.of(best));
        assertEquals(List.of(MEMBERS.get(0), best, best), result.objectives());
        assertArrayEquals(new int[] {0, -1, -1}, result.update().fromSlot());

        SelectionOperator.Result capped = replacement(false, 1).select(MEMBERS, List.of(PLAN), List.of(best));
        assertEquals(List.of(MEMBERS.get(0), best, MEMBERS.get(2)), capped.objectives(),
                "a skipped slot 0 does not count against the cap");
    }

    @Test
    void laterChildrenOfABatchCompeteWithTheEarlierOnesThatWon() {
        VariationPlan second = new VariationPlan(2, 0, 12, true, 13);
        Objectives first = new Objectives(0.5, 0.5);
        Objectives worse = new Objectives(0.6, 0.6);
        SelectionOperator.Result result = replacement(true, 0).select(MEMBERS, List.of(PLAN, second),
                List.of(first, worse));
        assertEquals(List.of(first, first, first), result.objectives(), "the second child meets the first, not the members");
        for (VariationPlan plan : result.update().plans()) {
            assertSame(PLAN, plan);
        }

        Objectives better = new Objectives(0.4, 0.4);
        SelectionOperator.Result overtaken = replacement(true, 0).select(MEMBERS, List.of(PLAN, second),
                List.of(first, better));
        assertEquals(List.of(better, better, better), overtaken.objectives());
        for (VariationPlan plan : overtaken.update().plans()) {
            assertSame(second, plan);
        }
    }
}
