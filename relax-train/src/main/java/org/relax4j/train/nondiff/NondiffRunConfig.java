package org.relax4j.train.nondiff;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.relax4j.core.nondiff.estimator.NondiffEstimator;
import org.relax4j.core.nondiff.estimator.NondiffEstimatorConfig;
import org.relax4j.core.nondiff.estimator.NondiffEstimatorRegistry;
import org.relax4j.core.nondiff.estimator.ReparamNondiffEstimator;
import org.relax4j.models.nondiff.NondiffBenchmarks;

/**
 * Settings of one {@code relax4j nondiff} run: one benchmark model, one or more estimators, each
 * trained by Adam ascent on the ELBO from the model's initial q.
 *
 * @param model benchmark name ({@link NondiffBenchmarks#names()})
 * @param estimators estimator names, in run order
 * @param iterations Adam steps per estimator
 * @param learningRate Adam step size
 * @param samples samples per gradient estimate (N)
 * @param varianceSamples independent estimates per variance measurement (M)
 * @param logEvery iterations between logged ELBO points
 * @param varianceEvery iterations between variance measurements (1 = every iteration, as in the
 *     paper)
 * @param elboSamples samples per logged ELBO estimate
 * @param seed base random seed
 * @param surface how reparam-nondiff estimates the sum over boundaries
 * @param out output directory
 */
public record NondiffRunConfig(
        String model,
        List<String> estimators,
        int iterations,
        double learningRate,
        int samples,
        int varianceSamples,
        int logEvery,
        int varianceEvery,
        int elboSamples,
        long seed,
        ReparamNondiffEstimator.Surface surface,
        Path out) {

    /** Checks every setting, failing with a message that names the flag. */
    public NondiffRunConfig {
        if (model == null || !NondiffBenchmarks.names().contains(model)) {
            throw new IllegalArgumentException(
                    "unknown --model '" + model + "'; choose one of: " + String.join(", ", NondiffBenchmarks.names()));
        }
        NondiffEstimatorRegistry registry = NondiffEstimatorRegistry.standard();
        if (estimators == null || estimators.isEmpty()) {
            throw new IllegalArgumentException(
                    "--estimator needs at least one of: " + String.join(", ", registry.names()));
        }
        for (String e : estimators) {
            if (!registry.contains(e)) {
                throw new IllegalArgumentException("unknown --estimator '" + e + "'; choose from: "
                        + String.join(", ", registry.names()) + " (comma-separated)");
            }
        }
        if (estimators.stream().distinct().count() != estimators.size()) {
            throw new IllegalArgumentException("--estimator lists an estimator twice: " + estimators);
        }
        estimators = List.copyOf(estimators);
        positive("--iterations", iterations);
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("--lr must be a positive number, got " + learningRate);
        }
        positive("--samples", samples);
        if (varianceSamples < 2) {
            throw new IllegalArgumentException(
                    "--variance-samples must be at least 2 (a variance needs two estimates), got " + varianceSamples);
        }
        positive("--log-every", logEvery);
        positive("--variance-every", varianceEvery);
        positive("--elbo-samples", elboSamples);
        if (surface == null) {
            surface = ReparamNondiffEstimator.Surface.SUBSAMPLE;
        }
        if (out == null) {
            throw new IllegalArgumentException("--out is required");
        }
    }

    private static void positive(String flag, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(flag + " must be a positive integer, got " + v);
        }
    }

    /** The estimator object for {@code name} from the standard registry, honouring {@link #surface}. */
    public NondiffEstimator estimator(String name) {
        return NondiffEstimatorRegistry.standard().create(name, new NondiffEstimatorConfig(surface));
    }

    /** The settings as a JSON-friendly map (written to run.json). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("estimators", estimators);
        m.put("iterations", iterations);
        m.put("lr", learningRate);
        m.put("samples", samples);
        m.put("variance_samples", varianceSamples);
        m.put("log_every", logEvery);
        m.put("variance_every", varianceEvery);
        m.put("elbo_samples", elboSamples);
        m.put("seed", seed);
        m.put("surface", surface.name().toLowerCase(java.util.Locale.ROOT));
        return m;
    }
}
