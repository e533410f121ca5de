package io.eaadam.common.config;

/** What upscale does with outputs that an earlier run made with another model or other settings. */
public enum ChangedSettings {
    /** Upscale them again. */
    REDO,
    /** Stop, naming what changed. */
    REFUSE;

    @Override
    public String toString() {
        return Choices.name(this);
    }
}
