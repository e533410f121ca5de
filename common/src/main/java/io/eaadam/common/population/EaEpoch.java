package io.eaadam.common.population;

import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.config.EaMode;
import io.eaadam.common.config.Selection;
import io.eaadam.common.mo.Decomposition;
import io.eaadam.common.mo.Nsga2Survival;
import io.eaadam.common.mo.Objectives;
import io.eaadam.common.mo.PopulationUpdate;
import io.eaadam.common.mo.SelectionOperator;
import io.eaadam.common.mo.TchebycheffReplacement;
import io.eaadam.common.mo.Variation;
import io.eaadam.common.mo.VariationPlan;
import io.eaadam.common.random.Seeds;

import java.util.ArrayList;
import java.util.List;

/**
 * One EA epoch (method 2.5) as a sequence of decisions that needs only the children's objectives from
 * outside: {@code ea.iterations} iterations, each drawing one variation plan per slot, whose children
 * compete one at a time ({@code steady-state}: each child is made from the population as the previous
 * child's selection left it) or all at once ({@code batch}). Every draw comes from (run seed, generation,
 * epoch, iteration, slot), so any process that feeds it the same objectives makes the same decisions.
 *
 * <pre>
 * while (!epoch.done()) {
 *     List&lt;VariationPlan&gt; children = epoch.nextChildren();
 *     epoch.select(evaluate(children, epoch.updates()));  // children rebuilt from the epoch's start
 * }
 * </pre>
 */
public final class EaEpoch {

    private final EaAdamConfig.Ea settings;
    private final long runSeed;
    private final int generation;
    private final int epoch;
    private final Variation variation;
    private final SelectionOperator selection;
    private final List<PopulationUpdate> updates = new ArrayList<>();
    private Population population;
    private int iteration;
    /** This iteration's plans, one per slot, and how many of them have competed. */
    private List<VariationPlan> plans;
    private int competed;
    private int children;
    private int replacements;

    /** @param generation the generation this epoch's phase writes */
    public EaEpoch(EaAdamConfig config, Population start, int generation, int epoch) {
        this.settings = config.ea();
        this.runSeed = config.run().seed();
        this.generation = generation;
        this.epoch = epoch;
        int[][] neighbourhoods = Decomposition.neighbourhoods(start.size(), config.population().neighbourhood());
        this.variation = new Variation(settings, neighbourhoods);
        this.selection = settings.selection() == Selection.NSGA2
                ? new Nsga2Survival(config.population().replaceSlot0())
                : new TchebycheffReplacement(start.preferences(), neighbourhoods, config.population().replaceSlot0(),
                        settings.maxReplacements(), start.objectives());
        this.population = start;
    }

    public boolean done() {
        return iteration == settings.iterations();
    }

    public int iteration() {
        return iteration;
    }

    /**
     * The children that compete next: the iteration's next one (steady state) or all P of them (batch),
     * each to be made from the epoch's starting population after {@link #updates()}.
     */
    public List<VariationPlan> nextChildren() {
        if (done()) {
            throw new IllegalStateException("EA epoch " + epoch + " has run its " + settings.iterations()
                    + " iterations");
        }
        if (plans == null) {
            plans = new ArrayList<>();
            for (int slot = 0; slot < population.size(); slot++) {
                plans.add(variation.draw(slot, Seeds.random(runSeed, "variation", generation, epoch, iteration, slot)));
            }
        }
        return settings.mode() == EaMode.STEADY_STATE ? plans.subList(competed, competed + 1) : plans;
    }

    /** The children of {@link #nextChildren()}, with their objectives, compete for the slots. */
    public void select(List<Objectives> evaluated) {
        List<VariationPlan> competing = List.copyOf(nextChildren());
        if (evaluated.size() != competing.size()) {
            throw new IllegalArgumentException(evaluated.size() + " objectives for " + competing.size() + " children");
        }
        SelectionOperator.Result result = selection.select(population.objectives(), competing, evaluated);
        if (result.update().changesAnything()) {
            updates.add(result.update());
            population = population.withUpdate(result.update(), variation);
            replacements += result.replacements();
        }
        population = population.withObjectives(result.objectives());
        children += competing.size();
        competed += competing.size();
        if (competed == plans.size()) {
            plans = null;
            competed = 0;
            iteration++;
        }
    }

    /** The selections that changed the population so far, in order: replayed on the epoch's start, they give it. */
    public List<PopulationUpdate> updates() {
        return List.copyOf(updates);
    }

    public Population population() {
        return population;
    }

    public Variation variation() {
        return variation;
    }

    public int children() {
        return children;
    }

    public int replacements() {
        return replacements;
    }
}
