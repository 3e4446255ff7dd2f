package org.relax4j.core.training;

/** The model's parameters became unusable: the run cannot continue from memory. */
public final class DivergenceException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    DivergenceException(String message) {
        super(message);
    }
}
