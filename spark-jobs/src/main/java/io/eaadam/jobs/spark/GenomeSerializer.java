package io.eaadam.jobs.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

import io.eaadam.common.genome.Genome;
import io.eaadam.common.genome.TensorLayout;
import io.eaadam.common.genome.TensorSpec;

import java.util.ArrayList;
import java.util.List;

/** Kryo for genomes: the layout (names and shapes), then the values as one block of floats. */
final class GenomeSerializer extends Serializer<Genome> {

    @Override
    public void write(Kryo kryo, Output output, Genome genome) {
        TensorLayout layout = genome.layout();
        output.writeInt(layout.tensorCount(), true);
        for (TensorSpec spec : layout.specs()) {
            output.writeString(spec.name());
            int[] shape = spec.shape();
            output.writeInt(shape.length, true);
            output.writeInts(shape, true);
        }
        output.writeInt(genome.values().length, true);
        output.writeFloats(genome.values());
    }

    @Override
    public Genome read(Kryo kryo, Input input, Class<Genome> type) {
        int count = input.readInt(true);
        List<TensorSpec> specs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = input.readString();
            int[] shape = input.readInts(input.readInt(true), true);
            specs.add(new TensorSpec(name, shape));
        }
        float[] values = input.readFloats(input.readInt(true));
        return new Genome(new TensorLayout(specs), values);
    }
}
