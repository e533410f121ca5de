package io.eaadam.common.json;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;

import io.eaadam.common.config.Choices;

import java.io.IOException;

/** Every enum in a JSON file is written and read by its {@link Choices#name} ({@code steady-state}, {@code rrdb}). */
final class ChoiceAdapters implements TypeAdapterFactory {

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
        Class<? super T> raw = type.getRawType();
        if (!Enum.class.isAssignableFrom(raw) || raw == Enum.class) {
            return null;
        }
        Class<? extends Enum> enumType = raw.isEnum() ? (Class<? extends Enum>) raw
                : (Class<? extends Enum>) raw.getSuperclass(); // a constant with a body
        return (TypeAdapter<T>) new ChoiceAdapter(enumType);
    }

    private static final class ChoiceAdapter<E extends Enum<E>> extends TypeAdapter<E> {
        private final Class<E> type;

        ChoiceAdapter(Class<E> type) {
            this.type = type;
        }

        @Override
        public void write(JsonWriter out, E value) throws IOException {
            if (value == null) {
                out.nullValue();
            } else {
                out.value(Choices.name(value));
            }
        }

        @Override
        public E read(JsonReader in) throws IOException {
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                return null;
            }
            String text = in.nextString();
            try {
                return Choices.parse(type, text);
            } catch (IllegalArgumentException e) {
                throw new JsonParseException(e.getMessage() + " at " + in.getPath());
            }
        }
    }
}
