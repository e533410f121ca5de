package io.eaadam.jobs.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;

/**
 * Kryo for Java records: the components in order, each with its class, rebuilt through the canonical
 * constructor. Spark's Kryo 4 cannot serialise records field by field (it needs field offsets that
 * records do not give).
 */
final class RecordSerializer<T extends Record> extends Serializer<T> {

    private final RecordComponent[] components;
    private final Constructor<T> constructor;

    RecordSerializer(Class<T> type) {
        this.components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
        }
        try {
            this.constructor = type.getDeclaredConstructor(types);
            this.constructor.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(type + " has no canonical constructor", e);
        }
    }

    @Override
    public void write(Kryo kryo, Output output, T record) {
        try {
            for (RecordComponent component : components) {
                var accessor = component.getAccessor();
                accessor.setAccessible(true);
                kryo.writeClassAndObject(output, accessor.invoke(record));
            }
        } catch (ReflectiveOperationException e) {
            throw new KryoException("cannot serialise " + record.getClass().getName(), e);
        }
    }

    @Override
    public T read(Kryo kryo, Input input, Class<T> type) {
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            values[i] = kryo.readClassAndObject(input);
        }
        try {
            return constructor.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new KryoException("cannot rebuild " + type.getName(), e);
        }
    }
}
