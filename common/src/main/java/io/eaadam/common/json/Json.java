package io.eaadam.common.json;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.annotations.SerializedName;
import com.google.gson.stream.JsonWriter;

import io.eaadam.common.fs.BadInputException;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one Gson of the JSON files eaadam writes and reads (manifest.json, model.json, metrics.jsonl,
 * evaluation.json, upscale-report.json, a fusion's checkpoint.json): records with snake_case keys, each
 * file's record carrying a {@code format} such as {@code eaadam-manifest/2}; enums by their config names
 * ({@link io.eaadam.common.config.Choices}); a null component is left out, non-finite numbers are written.
 */
public final class Json {

    public static final Gson GSON = new GsonBuilder()
            .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
            .registerTypeAdapterFactory(new ChoiceAdapters())
            .serializeSpecialFloatingPointValues()
            .disableHtmlEscaping()
            .setPrettyPrinting()
            .create();

    /** Files written before formats were versioned, whose keys are the records' camelCase names. */
    public static final Gson CAMEL_CASE = GSON.newBuilder().setFieldNamingPolicy(FieldNamingPolicy.IDENTITY).create();

    /** The key of {@code older} for documents without a {@code format}. */
    public static final String UNVERSIONED = "";

    private Json() {}

    /** The record as an indented document. */
    public static String write(Object record) {
        return GSON.toJson(record);
    }

    /** The record on one line, for JSON Lines files. */
    public static String line(Object record) {
        StringWriter text = new StringWriter();
        try (JsonWriter writer = new JsonWriter(text)) {
            GSON.toJson(record, record.getClass(), writer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** The older formats of a file type that are still read: none. */
    public static final Map<String, Gson> NO_OLDER_FORMATS = Map.of();

    /** The keys under which a record's components are written, in order. */
    public static List<String> keys(Class<? extends Record> type) {
        List<String> keys = new ArrayList<>();
        for (RecordComponent component : type.getRecordComponents()) {
            try {
                Field field = type.getDeclaredField(component.getName());
                SerializedName name = field.getAnnotation(SerializedName.class);
                keys.add(name != null ? name.value() : GSON.fieldNamingStrategy().translateName(field));
            } catch (NoSuchFieldException e) {
                throw new IllegalStateException("a record's component without its field: " + component, e);
            }
        }
        return keys;
    }

    /** The {@code format} of a JSON document, or {@link #UNVERSIONED}; a text that is not a JSON object has none. */
    public static String formatOf(String text) {
        try {
            JsonElement parsed = JsonParser.parseString(text);
            JsonElement format = parsed.isJsonObject() ? parsed.getAsJsonObject().get("format") : null;
            return format == null || !format.isJsonPrimitive() ? UNVERSIONED : format.getAsString();
        } catch (JsonParseException e) {
            return UNVERSIONED;
        }
    }

    /**
     * Reads a record of {@code format} from {@code text}; a document of an older format is read with the Gson
     * that {@code older} gives it (the key {@link #UNVERSIONED} stands for files written before formats were
     * versioned, which have no {@code format} key). Any other format is refused.
     *
     * @throws IOException naming {@code origin} and what is wrong
     */
    public static <T> T read(String text, Class<T> type, String format, String origin, Map<String, Gson> older)
            throws IOException {
        JsonObject tree;
        try {
            JsonElement parsed = JsonParser.parseString(text);
            if (!parsed.isJsonObject()) {
                throw new BadInputException(origin + ": expected a JSON object of format " + format);
            }
            tree = parsed.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new BadInputException(origin + ": not JSON (" + e.getMessage() + "); expected a " + format + " document");
        }
        JsonElement found = tree.get("format");
        String given = found == null || !found.isJsonPrimitive() ? UNVERSIONED : found.getAsString();
        Gson gson = format.equals(given) ? GSON : older.get(given);
        if (gson == null) {
            throw new BadInputException(origin + ": format " + (given.equals(UNVERSIONED) ? "missing" : "'" + given + "'")
                    + "; expected \"format\": \"" + format + "\"");
        }
        try {
            T record = gson.fromJson(tree, type);
            if (record == null) {
                throw new BadInputException(origin + ": empty " + format);
            }
            return record;
        } catch (JsonParseException | IllegalArgumentException e) {
            throw new BadInputException(origin + ": not a valid " + format + " (" + e.getMessage() + ")");
        }
    }
}
