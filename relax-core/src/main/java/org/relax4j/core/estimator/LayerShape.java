package org.relax4j.core.estimator;

import ai.djl.ndarray.types.Shape;

/**
 * The per-example shapes an estimator's parameters were created for: the units of the logits
 * (their shape without the batch axis) and the width of the conditioning inputs. The batch size
 * may vary between calls; these may not, since the parameters' shapes depend on them.
 */
final class LayerShape {

    private final String estimator;
    private final boolean unitsMatter;
    private Shape units;
    private long conditioningWidth;
    private boolean known;

    /**
     * @param estimator the estimator's name, for messages
     * @param unitsMatter whether the parameters depend on the units (false for a baseline that
     *     sees only the conditioning)
     */
    LayerShape(String estimator, boolean unitsMatter) {
        this.estimator = estimator;
        this.unitsMatter = unitsMatter;
    }

    /** Remembers the shapes on first use; afterwards refuses others with a clear message. */
    void check(Shape logits, Shape conditioning) {
        Shape u = logits.slice(1);
        long width = conditioning == null ? -1 : conditioning.get(conditioning.dimension() - 1);
        if (!known) {
            units = u;
            conditioningWidth = width;
            known = true;
            return;
        }
        if (unitsMatter && !units.equals(u)) {
            throw new IllegalArgumentException(
                    estimator + " was initialized for " + describeUnits(units) + " per example, got logits of shape "
                            + logits + " (" + describeUnits(u) + "); create one estimator per layer shape");
        }
        if (width != conditioningWidth) {
            throw new IllegalArgumentException(
                    estimator + " was initialized for " + describeConditioning(conditioningWidth) + ", got "
                            + describeConditioning(width) + "; create one estimator per layer shape");
        }
    }

    private static String describeUnits(Shape units) {
        return units.dimension() == 1 ? units.get(0) + " units" : "units of shape " + units;
    }

    private static String describeConditioning(long width) {
        return width < 0 ? "no conditioning" : "conditioning of width " + width;
    }
}
