package io.eaadam.common.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command's arguments: {@code --name value} options, {@code --flag} switches and {@code -Dkey=value}
 * config overrides. Each command declares what it takes; anything else is a {@link UsageError}.
 */
public final class Args {

    private final String command;
    private final Map<String, String> options = new LinkedHashMap<>();
    private final Set<String> flags = new LinkedHashSet<>();
    private final List<String> overrides = new ArrayList<>();
    private final Set<String> read = new LinkedHashSet<>();

    private Args(String command) {
        this.command = command;
    }

    /**
     * @param flagNames the options that take no value
     */
    public static Args parse(String command, String[] argv, Set<String> flagNames) {
        Args args = new Args(command);
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (a.startsWith("-D") && a.length() > 2) {
                args.overrides.add(a.substring(2));
            } else if (a.startsWith("--") && a.length() > 2) {
                String name = a.substring(2);
                int eq = name.indexOf('=');
                if (eq > 0) {
                    args.put(name.substring(0, eq), name.substring(eq + 1));
                } else if (flagNames.contains(name)) {
                    args.flags.add(name);
                } else if (i + 1 < argv.length) {
                    args.put(name, argv[++i]);
                } else {
                    throw new UsageError(command + ": --" + name + " needs a value");
                }
            } else {
                throw new UsageError(command + ": unexpected argument '" + a
                        + "'; options are --name value, flags --name, overrides -Dkey=value");
            }
        }
        return args;
    }

    private void put(String name, String value) {
        if (options.put(name, value) != null) {
            throw new UsageError(command + ": --" + name + " given twice");
        }
    }

    public String command() {
        return command;
    }

    /** A required option. */
    public String required(String name) {
        String value = optional(name, null);
        if (value == null || value.isBlank()) {
            throw new UsageError(command + ": --" + name + " is required");
        }
        return value;
    }

    public String optional(String name, String fallback) {
        read.add(name);
        return options.getOrDefault(name, fallback);
    }

    public int intOption(String name, int fallback) {
        String value = optional(name, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageError(command + ": --" + name + " " + value + ": expected an integer");
        }
    }

    public boolean flag(String name) {
        read.add(name);
        return flags.contains(name);
    }

    /** The {@code -Dkey=value} overrides, in order. */
    public List<String> overrides() {
        return List.copyOf(overrides);
    }

    /** Refuses options the command did not read (typos must not pass silently). */
    public void checkAllRead() {
        for (String name : options.keySet()) {
            if (!read.contains(name)) {
                throw new UsageError(command + ": unknown option --" + name);
            }
        }
        for (String name : flags) {
            if (!read.contains(name)) {
                throw new UsageError(command + ": unknown option --" + name);
            }
        }
    }
}
