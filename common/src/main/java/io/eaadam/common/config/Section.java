package io.eaadam.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed, validated reads of one config section. Each failure is a {@link ConfigError} that names the
 * full key, the value found, where it was set and what is allowed.
 */
final class Section {

    private final Config config;
    private final String path;

    Section(Config config, String path) {
        this.config = config;
        this.path = path;
    }

    Section section(String key) {
        return new Section(config, key(key));
    }

    String string(String key) {
        return read(key, () -> config.getString(key(key)), "a string");
    }

    /** One of an enum's constants, by its {@link Choices#name}. */
    <E extends Enum<E>> E choice(String key, Class<E> type) {
        String value = string(key);
        try {
            return Choices.parse(type, value);
        } catch (IllegalArgumentException e) {
            throw invalid(key, "one of " + Choices.allowed(type));
        }
    }

    DeviceChoice device(String key) {
        try {
            return DeviceChoice.parse(string(key));
        } catch (IllegalArgumentException e) {
            throw invalid(key, "auto, cpu, gpu or gpu:N");
        }
    }

    boolean bool(String key) {
        return read(key, () -> config.getBoolean(key(key)), "true or false");
    }

    long longValue(String key) {
        return read(key, () -> config.getLong(key(key)), "an integer");
    }

    int intAtLeast(String key, int min) {
        int value = read(key, () -> config.getInt(key(key)), "an integer >= " + min);
        if (value < min) {
            throw invalid(key, "an integer >= " + min);
        }
        return value;
    }

    long positiveLong(String key) {
        long value = read(key, () -> config.getLong(key(key)), "an integer >= 1");
        if (value < 1) {
            throw invalid(key, "an integer >= 1");
        }
        return value;
    }

    int intBetween(String key, int min, int max) {
        int value = intAtLeast(key, min);
        if (value > max) {
            throw invalid(key, "an integer from " + min + " to " + max);
        }
        return value;
    }

    int positiveInt(String key) {
        return intAtLeast(key, 1);
    }

    int nonNegativeInt(String key) {
        return intAtLeast(key, 0);
    }

    double positive(String key) {
        double value = number(key, "a number > 0");
        if (!(value > 0)) {
            throw invalid(key, "a number > 0");
        }
        return value;
    }

    double nonNegative(String key) {
        double value = number(key, "a number >= 0");
        if (!(value >= 0)) {
            throw invalid(key, "a number >= 0");
        }
        return value;
    }

    double probability(String key) {
        double value = number(key, "a probability in [0, 1]");
        if (!(value >= 0 && value <= 1)) {
            throw invalid(key, "a probability in [0, 1]");
        }
        return value;
    }

    /** A number in the open interval (0, 1), such as an Adam beta. */
    double openUnit(String key) {
        double value = number(key, "a number in (0, 1)");
        if (!(value > 0 && value < 1)) {
            throw invalid(key, "a number in (0, 1)");
        }
        return value;
    }

    List<Integer> ascendingNonNegativeInts(String key) {
        List<Integer> values = read(key, () -> config.getIntList(key(key)), "a list of integers");
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) < 0 || (i > 0 && values.get(i) <= values.get(i - 1))) {
                throw invalid(key, "a strictly ascending list of integers >= 0");
            }
        }
        return List.copyOf(values);
    }

    List<Integer> positiveInts(String key) {
        List<Integer> values = read(key, () -> config.getIntList(key(key)), "a list of integers");
        if (values.isEmpty() || values.stream().anyMatch(v -> v < 1)) {
            throw invalid(key, "a non-empty list of integers >= 1");
        }
        return List.copyOf(values);
    }

    /** A map of names to numbers, e.g. perceptual layer weights; keys are checked by the caller. */
    Map<String, Double> numberMap(String key) {
        Config sub = read(key, () -> config.getConfig(key(key)), "an object of name = number");
        Map<String, Double> values = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(sub.root().keySet());
        names.sort(null);
        for (String name : names) {
            ConfigValue v = sub.root().get(name);
            if (v.valueType() != ConfigValueType.NUMBER) {
                throw new ConfigError(key(key) + "." + name + " = " + v.render() + origin(v)
                        + ": expected a number");
            }
            values.put(name, ((Number) v.unwrapped()).doubleValue());
        }
        return values;
    }

    ConfigError invalid(String key, String expected) {
        ConfigValue v = config.getValue(key(key));
        return new ConfigError(key(key) + " = " + v.render() + origin(v) + ": expected " + expected);
    }

    String key(String key) {
        return path + "." + key;
    }

    /** The key as a user sets it with {@code -D}, without the {@code eaadam.} prefix. */
    String setting(String key) {
        return key(key).substring(EaAdamConfig.ROOT.length() + 1);
    }

    private double number(String key, String expected) {
        return read(key, () -> config.getDouble(key(key)), expected);
    }

    private <T> T read(String key, java.util.function.Supplier<T> getter, String expected) {
        try {
            return getter.get();
        } catch (ConfigException.Missing e) {
            throw new ConfigError(key(key) + " is missing: expected " + expected);
        } catch (ConfigException.WrongType | ConfigException.BadValue e) {
            throw invalid(key, expected);
        }
    }

    static String origin(ConfigValue v) {
        String description = v.origin() == null ? null : v.origin().description();
        if (description == null || description.isEmpty()) {
            return "";
        }
        // A command-line value is one line: its line number says nothing.
        return " (" + description.replaceFirst("^(-D\\S+|--\\S+): 1$", "$1") + ")";
    }
}
