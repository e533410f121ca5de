package io.eaadam.common.population;

import io.eaadam.common.fs.Storage;
import io.eaadam.common.genome.Genome;
import io.eaadam.common.mo.Objectives;
import io.eaadam.common.mo.Pareto;
import io.eaadam.common.mo.PopulationUpdate;
import io.eaadam.common.mo.Preference;
import io.eaadam.common.mo.Variation;


import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;

/** The P slots of a run, immutable: each change makes a new population. */
public final class Population {

    private final List<Slot> slots;

    public Population(List<Slot> slots) {
        for (int k = 0; k < slots.size(); k++) {
            if (slots.get(k).index() != k) {
                throw new IllegalArgumentException("slot " + slots.get(k).index() + " at position " + k);
            }
        }
        this.slots = List.copyOf(slots);
    }

    /** Generation 0: the warm-start model in every slot, with its objectives. */
    public static Population warmStart(List<Preference> preferences, Genome start, Objectives objectives) {
        List<Slot> slots = new ArrayList<>();
        for (int k = 0; k < preferences.size(); k++) {
            slots.add(new Slot(k, preferences.get(k), start, null, objectives));
        }
        return new Population(slots);
    }

    public int size() {
        return slots.size();
    }

    public Slot slot(int k) {
        return slots.get(k);
    }

    public List<Slot> slots() {
        return slots;
    }

    public List<Preference> preferences() {
        return slots.stream().map(Slot::preference).toList();
    }

    public List<Genome> generators() {
        return slots.stream().map(Slot::generator).toList();
    }

    public List<Objectives> objectives() {
        return slots.stream().map(Slot::objectives).toList();
    }

    /**
     * For each slot, the lowest-numbered slot holding exactly the same generator, or null when it is the
     * first with its weights. The authors' replacement rule lets one child take several slots, and generation
     * 0 holds the warm start in every slot: such slots are one expert, not several.
     */
    public List<Integer> sameAs() {
        List<Integer> sameAs = new ArrayList<>();
        for (Slot slot : slots) {
            Integer first = null;
            for (Slot earlier : slots.subList(0, slot.index())) {
                if (earlier.generator().equals(slot.generator())) {
                    first = earlier.index();
                    break;
                }
            }
            sameAs.add(first);
        }
        return sameAs;
    }

    /** Slot {@code k} replaced by {@code change} applied to it. */
    public Population with(int k, UnaryOperator<Slot> change) {
        List<Slot> next = new ArrayList<>(slots);
        next.set(k, change.apply(slots.get(k)));
        return new Population(next);
    }

    /** Each slot with its new objectives, by slot. */
    public Population withObjectives(List<Objectives> objectives) {
        List<Slot> next = new ArrayList<>();
        for (Slot slot : slots) {
            next.add(slot.withObjectives(objectives.get(slot.index())));
        }
        return new Population(next);
    }

    /**
     * The generators after a selection: slot k takes the child or the member that {@code update} gives
     * it, built by {@code variation}; preferences and discriminators stay with their slots.
     */
    public Population withUpdate(PopulationUpdate update, Variation variation) {
        List<Genome> generators = update.apply(generators(), variation);
        List<Slot> next = new ArrayList<>();
        for (Slot slot : slots) {
            next.add(slot.withGenerator(generators.get(slot.index())));
        }
        return new Population(next);
    }

    /** Each slot's Pareto rank among the population's objectives (0: non-dominated). */
    public int[] paretoRanks() {
        return Pareto.ranks(objectives());
    }

    /** The non-dominated slots, by distortion. */
    public List<Integer> paretoFront() {
        return Collections.unmodifiableList(Pareto.front(objectives()));
    }

    public double hypervolume(Objectives reference) {
        return Pareto.hypervolume(objectives(), reference);
    }

    /**
     * SHA-256 of every slot's generator weights and objectives, in slot order: equal on two replicas exactly
     * when they hold the same population (preferences never change, discriminators are not replicated).
     */
    public String digest() {
        MessageDigest sha256 = Storage.sha256Digest();
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        for (Slot slot : slots) {
            for (float value : slot.generator().values()) {
                if (buffer.remaining() < Float.BYTES) {
                    sha256.update(buffer.flip());
                    buffer.clear();
                }
                buffer.putFloat(value);
            }
            sha256.update(buffer.flip());
            buffer.clear();
            sha256.update(buffer.putDouble(slot.objectives().distortion()).putDouble(slot.objectives().perception())
                    .flip());
            buffer.clear();
        }
        return HexFormat.of().formatHex(sha256.digest());
    }
}
