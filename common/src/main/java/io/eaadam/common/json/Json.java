package io.eaadam.common.json;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/**
 * The one Gson of the JSON files eaadam writes and reads. Enums are written by their config names
 * ({@link io.eaadam.common.config.Choices}).
 */
public final class Json {

    public static final Gson GSON = new GsonBuilder()
            .registerTypeAdapterFactory(new ChoiceAdapters())
            .serializeNulls()
            .serializeSpecialFloatingPointValues()
            .disableHtmlEscaping()
            .setPrettyPrinting()
            .create();

    private Json() {}
}
