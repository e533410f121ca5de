package io.eaadam.common.config;

/**
 * The order of an EA iteration (method 2.5): each child judged before the next is made (the authors'),
 * or the P children of an iteration made from one snapshot and evaluated together.
 */
public enum EaMode {
    STEADY_STATE,
    BATCH;

    @Override
    public String toString() {
        return Choices.name(this);
    }
}
