package io.eaadam.common.config;

/** How children compete with the population (method 2.5): the authors' Tchebycheff replacement, or NSGA-II. */
public enum Selection {
    TCHEBYCHEFF,
    NSGA2;

    @Override
    public String toString() {
        return Choices.name(this);
    }
}
