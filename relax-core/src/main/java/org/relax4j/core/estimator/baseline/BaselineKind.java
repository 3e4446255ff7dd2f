package org.relax4j.core.estimator.baseline;

/** The built-in baselines by name, for configuration files and the command line. */
public enum BaselineKind {
    /** {@link Baseline#none()}. */
    NONE,
    /** {@link EmaBaseline}. */
    EMA,
    /** {@link LearnedBaseline}. */
    LEARNED
}
