package io.eaadam.common.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The names of the enums that settings and options take: a constant's name in lower case with hyphens
 * ({@code STEADY_STATE} is {@code steady-state}), as conf/reference.conf and the command line spell them.
 * Each such enum returns this name from {@code toString()}, so what is written (files, metadata, job
 * names) is what is read.
 */
public final class Choices {

    private Choices() {}

    /** An enum whose names are not identifiers ({@code nearest+conv}, {@code 1conv}) spells them itself. */
    public interface Spelled {
        String spelling();
    }

    public static String name(Enum<?> value) {
        if (value instanceof Spelled spelled) {
            return spelled.spelling();
        }
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The allowed names, comma-separated, for error messages. */
    public static String allowed(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(Choices::name).collect(Collectors.joining(", "));
    }

    /**
     * The constant named {@code text} (case and surrounding blanks ignored).
     *
     * @throws IllegalArgumentException naming the text and the allowed names
     */
    public static <E extends Enum<E>> E parse(Class<E> type, String text) {
        String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (E constant : type.getEnumConstants()) {
            if (name(constant).equals(wanted)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("'" + text + "': expected one of " + allowed(type));
    }
}
