package io.eaadam.jobs.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Kryo for the JDK's unmodifiable lists ({@code List.of}, {@code List.copyOf}, {@code Stream.toList}):
 * Kryo's collection serializer rebuilds a list by adding to an empty instance, which these refuse. Read
 * back as an unmodifiable list (elements may be null, as {@code Stream.toList} allows).
 */
final class ImmutableListSerializer extends Serializer<List<?>> {

    /** The JDK classes behind the unmodifiable lists. */
    static final List<Class<?>> TYPES = List.of(List.of().getClass(), List.of(1).getClass(),
            List.of(1, 2, 3).getClass(), java.util.stream.Stream.of(1).toList().getClass());

    ImmutableListSerializer() {
        setImmutable(true);
    }

    @Override
    public void write(Kryo kryo, Output output, List<?> list) {
        output.writeInt(list.size(), true);
        for (Object element : list) {
            kryo.writeClassAndObject(output, element);
        }
    }

    @Override
    public List<?> read(Kryo kryo, Input input, Class<List<?>> type) {
        int size = input.readInt(true);
        List<Object> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(kryo.readClassAndObject(input));
        }
        return Collections.unmodifiableList(list);
    }
}
