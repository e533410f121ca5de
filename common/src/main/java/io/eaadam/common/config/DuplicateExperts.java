package io.eaadam.common.config;

/** What fuse does with chosen experts whose slots hold exactly the same weights. */
public enum DuplicateExperts {
    /** Merge each distinct expert once, saying which slots were left out. */
    MERGE_ONCE,
    /** Stop, naming the slots. */
    REFUSE;

    @Override
    public String toString() {
        return Choices.name(this);
    }
}
