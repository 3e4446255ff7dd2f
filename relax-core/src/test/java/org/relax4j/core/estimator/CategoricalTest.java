package org.relax4j.core.estimator;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.relax4j.core.controlvariate.Mlp;
import org.relax4j.core.distribution.Categorical;
import org.relax4j.core.objective.RelaxableObjective;
import org.relax4j.core.variance.GradientStatistics;

/**
 * Estimators that support categorical units are unbiased against the exact gradient, enumerated
 * over all C² configurations of two 3-way units (∂E[f]/∂α_{ic} = Σ_b p(b) f(b)(1[b_i = c] − θ_ic)).
 */
class CategoricalTest {

    /** Network initialisation draws from the engine's generator: fix it so runs are reproducible. */
    @org.junit.jupiter.api.BeforeEach
    void seedEngine() {
        ai.djl.engine.Engine.getInstance().setRandomSeed(1234);
    }

    static final int C = 3;
    static final float[] LOGITS = {0.5f, -1.0f, 1.5f, 2.0f, 0.0f, -0.7f};
    static final double[][] VALUES = {{1.0, -0.5, 2.0}, {0.3, 1.1, -0.9}};

    /** f(h) = (Σ_i h_i·v_i)² + h₀₀·h₁₂. */
    static final RelaxableObjective F = (h, t) -> {
        NDArray v = h.getManager().create(new float[] {1.0f, -0.5f, 2.0f, 0.3f, 1.1f, -0.9f}, new Shape(2, C));
        NDArray s = h.mul(v).sum(new int[] {-1, -2});
        return s.mul(s).add(h.get("..., 0, 0").mul(h.get("..., 1, 2")));
    };

    static double value(int c0, int c1) {
        double s = VALUES[0][c0] + VALUES[1][c1];
        return s * s + (c0 == 0 && c1 == 2 ? 1 : 0);
    }

    static Stream<Arguments> cases() {
        EstimatorRegistry r = EstimatorRegistry.standard();
        EstimatorConfig small = EstimatorConfig.builder()
                .optNetwork(1, 16, Mlp.Nonlinearity.TANH)
                .build();
        return Stream.of(
                Arguments.of("reinforce", (Supplier<GradientEstimator>)
                        () -> r.create("reinforce", EstimatorConfig.defaults())),
                Arguments.of(
                        "rebar", (Supplier<GradientEstimator>) () -> r.create("rebar", EstimatorConfig.defaults())),
                Arguments.of("relax", (Supplier<GradientEstimator>) () -> r.create("relax", small)),
                Arguments.of("rloo", (Supplier<GradientEstimator>) () -> r.create("rloo", EstimatorConfig.defaults())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void unbiasedForCategoricalUnits(String name, Supplier<GradientEstimator> factory) {
        double[][] theta = new double[2][C];
        for (int i = 0; i < 2; i++) {
            double norm = 0;
            for (int c = 0; c < C; c++) {
                norm += Math.exp(LOGITS[i * C + c]);
            }
            for (int c = 0; c < C; c++) {
                theta[i][c] = Math.exp(LOGITS[i * C + c]) / norm;
            }
        }
        double[] exact = new double[2 * C];
        for (int c0 = 0; c0 < C; c0++) {
            for (int c1 = 0; c1 < C; c1++) {
                double pf = theta[0][c0] * theta[1][c1] * value(c0, c1);
                for (int c = 0; c < C; c++) {
                    exact[c] += pf * ((c0 == c ? 1 : 0) - theta[0][c]);
                    exact[C + c] += pf * ((c1 == c ? 1 : 0) - theta[1][c]);
                }
            }
        }
        try (GradientEstimator estimator = factory.get()) {
            GradientStatistics stats = EstimatorHarness.estimates(
                    estimator, Categorical.INSTANCE, F, LOGITS, new Shape(2, C), 4, 10_000, 23);
            for (int j = 0; j < exact.length; j++) {
                double z = (stats.mean()[j] - exact[j]) / stats.standardError(j);
                assertTrue(
                        Math.abs(z) < 4,
                        name + " component " + j + ": " + stats.mean()[j] + " vs exact " + exact[j] + " (" + z
                                + " s.e.)");
            }
        }
    }
}
