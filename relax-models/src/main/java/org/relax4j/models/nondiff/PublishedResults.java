package org.relax4j.models.nondiff;

import java.util.Map;

/**
 * Published numbers of Lee, Yu &amp; Yang (NeurIPS 2018), from the authors' poster (see
 * docs/estimators.md, "Non-differentiable models", and docs/results.md): ratios of gradient
 * variance to SCORE's, averaged over 10,000 Adam iterations at step size 0.001, and time per
 * iteration.
 */
public final class PublishedResults {

    private PublishedResults() {}

    /** Avg(V): mean over components of the per-component variance, ratio to SCORE. */
    public static final Map<String, Map<String, Double>> AVG_VARIANCE_RATIO = Map.of(
            "reparam", Map.of("temperature", 4.45e-9, "textmsg", 2.91e-2, "influenza", 4.38e-3),
            "reparam-nondiff", Map.of("temperature", 1.85e-6, "textmsg", 2.77e-2, "influenza", 4.89e-3));

    /** V(‖·‖₂): variance of the L2 norm of the estimate, ratio to SCORE. */
    public static final Map<String, Map<String, Double>> NORM_VARIANCE_RATIO = Map.of(
            "reparam", Map.of("temperature", 2.45e-8, "textmsg", 2.92e-2, "influenza", 2.12e-3),
            "reparam-nondiff", Map.of("temperature", 7.59e-5, "textmsg", 2.46e-2, "influenza", 2.36e-3));

    /** Time per iteration in milliseconds (the authors' Python/autograd implementation). */
    public static final Map<String, Map<String, Double>> MS_PER_ITERATION = Map.of(
            "score", Map.of("temperature", 21.7, "textmsg", 4.9, "influenza", 18.7),
            "reparam", Map.of("temperature", 46.1, "textmsg", 15.4, "influenza", 251.4),
            "reparam-nondiff", Map.of("temperature", 79.2, "textmsg", 24.9, "influenza", 269.8));

    /** A published value, or NaN if there is none. */
    public static double lookup(Map<String, Map<String, Double>> table, String estimator, String model) {
        Map<String, Double> row = table.get(estimator);
        if (row == null) {
            return Double.NaN;
        }
        Double v = row.get(model);
        return v == null ? Double.NaN : v;
    }
}
