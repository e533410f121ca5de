package io.eaadam.common.config;

/** A setting that is unknown, missing or out of range; the message names the key, the value and what is allowed. */
public final class ConfigError extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public ConfigError(String message) {
        super(message);
    }
}
