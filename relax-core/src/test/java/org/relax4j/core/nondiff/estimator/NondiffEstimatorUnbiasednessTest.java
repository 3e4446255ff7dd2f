package org.relax4j.core.nondiff.estimator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.relax4j.core.nondiff.estimator.EstimateChecks.assertBiased;
import static org.relax4j.core.nondiff.estimator.EstimateChecks.assertUnbiased;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.relax4j.core.nondiff.WithNDManager;
import org.relax4j.core.nondiff.inference.Elbo;
import org.relax4j.core.nondiff.inference.MeanFieldGaussian;
import org.relax4j.core.nondiff.lang.Dist;
import org.relax4j.core.nondiff.lang.Expr;
import org.relax4j.core.nondiff.lang.Latent;
import org.relax4j.core.nondiff.lang.NondiffModel;
import org.relax4j.core.nondiff.lang.SpecialFunctions;

/**
 * Unbiasedness against closed-form ELBO gradients: score and reparam-nondiff within 4 standard
 * errors in every component, reparam (branches fixed) detectably biased, and the reference code's
 * velocity shortcut detectably wrong on a guard over two latents.
 */
class NondiffEstimatorUnbiasednessTest extends WithNDManager {

    private static final MeanFieldGaussian THETA_1D =
            new MeanFieldGaussian(new double[] {0.2}, new double[] {SpecialFunctions.softplusInverse(0.9)});
    private static final MeanFieldGaussian THETA_SHIFTED = new MeanFieldGaussian(
            new double[] {0, 3},
            new double[] {SpecialFunctions.softplusInverse(0.8), SpecialFunctions.softplusInverse(1.3)});
    private static final MeanFieldGaussian THETA_2D = new MeanFieldGaussian(
            new double[] {0.4, -0.3},
            new double[] {SpecialFunctions.softplusInverse(0.8), SpecialFunctions.softplusInverse(1.3)});

    /** Per-component z-scores of many independent single-sample estimates at q. */
    private static double[] zScores(
            NondiffEstimator est, NondiffTestModels.Case c, MeanFieldGaussian q, int estimates, long seed) {
        double[][] g = est.estimate(c.model(), q, estimates, 1, new SplittableRandom(seed), manager);
        return EstimateChecks.zScores(g, c.exact().gradient(q.toVector()));
    }

    @Test
    void closedFormMatchesMonteCarloElbo() {
        for (NondiffTestModels.Case c :
                new NondiffTestModels.Case[] {NondiffTestModels.oneD(), NondiffTestModels.twoD()}) {
            MeanFieldGaussian q = c.model().numLatents() == 1 ? THETA_1D : THETA_2D;
            Elbo.Estimate mc = Elbo.estimate(c.model(), q, 400_000, new SplittableRandom(5), manager);
            double exact = c.exact().elbo(q.toVector());
            assertEquals(exact, mc.mean(), 4 * mc.standardError(), c.model().name());
        }
    }

    @Test
    void oneDimensionalModel() {
        NondiffTestModels.Case c = NondiffTestModels.oneD();
        assertEquals(1, c.model().hyperplanes().size(), "mean and sd guards share one hyperplane");
        assertUnbiased("score", zScores(new ScoreEstimator(), c, THETA_1D, 100_000, 11));
        assertUnbiased("reparam-nondiff", zScores(new ReparamNondiffEstimator(), c, THETA_1D, 20_000, 12));
        assertBiased("reparam", zScores(new ReparamEstimator(), c, THETA_1D, 80_000, 13));
    }

    @Test
    void twoDimensionalModelBothSurfaceModes() {
        NondiffTestModels.Case c = NondiffTestModels.twoD();
        assertEquals(2, c.model().hyperplanes().size());
        assertUnbiased("score", zScores(new ScoreEstimator(), c, THETA_2D, 100_000, 21));
        assertUnbiased(
                "reparam-nondiff (subsample)",
                zScores(
                        new ReparamNondiffEstimator(
                                ReparamNondiffEstimator.Surface.SUBSAMPLE, ReparamNondiffEstimator.Velocity.EXACT),
                        c,
                        THETA_2D,
                        20_000,
                        22));
        assertUnbiased(
                "reparam-nondiff (all)",
                zScores(
                        new ReparamNondiffEstimator(
                                ReparamNondiffEstimator.Surface.ALL, ReparamNondiffEstimator.Velocity.EXACT),
                        c,
                        THETA_2D,
                        20_000,
                        23));
        assertBiased("reparam", zScores(new ReparamEstimator(), c, THETA_2D, 20_000, 24));
    }

    @Test
    void guardOverTwoLatentsNeedsTheExactVelocity() {
        NondiffTestModels.Case c = NondiffTestModels.twoLatentGuard();
        assertEquals(0, c.model().hyperplanes().get(0).solvedLatent());
        ReparamNondiffEstimator exact = new ReparamNondiffEstimator(
                ReparamNondiffEstimator.Surface.ALL, ReparamNondiffEstimator.Velocity.EXACT);
        ReparamNondiffEstimator shortcut = new ReparamNondiffEstimator(
                ReparamNondiffEstimator.Surface.ALL, ReparamNondiffEstimator.Velocity.AUTHORS_CODE_SHORTCUT);
        double[] zExact = zScores(exact, c, THETA_SHIFTED, 20_000, 31);
        double[] zShort = zScores(shortcut, c, THETA_SHIFTED, 20_000, 31);
        assertUnbiased("exact velocity", zExact);
        assertUnbiased("score", zScores(new ScoreEstimator(), c, THETA_SHIFTED, 100_000, 32));
        // the shortcut differs only in ρ of the latent that is not solved for (index n + 1)
        assertTrue(
                Math.abs(zShort[3]) > 6,
                "reference shortcut should be biased in rho[z1]: " + java.util.Arrays.toString(zShort));
        assertEquals(zExact[0], zShort[0], 1e-9, "mu components do not depend on the velocity rule");
        assertEquals(zExact[2], zShort[2], 1e-9, "rho of the solved latent is the same under both rules");

        // the velocity term itself, same draws: ρ[z1] corrections differ, μ's agree
        double[][] a = exact.surfaceTerm(c.model(), THETA_SHIFTED, 1, 20_000, new SplittableRandom(7), manager);
        double[][] b = shortcut.surfaceTerm(c.model(), THETA_SHIFTED, 1, 20_000, new SplittableRandom(7), manager);
        assertEquals(a[0][0], b[0][0], 1e-12);
        assertEquals(a[0][1], b[0][1], 1e-12);
        assertTrue(Math.abs(a[0][3] - b[0][3]) > 0.5, "velocity rules should differ: " + a[0][3] + " vs " + b[0][3]);
    }

    @Test
    void sharedHyperplaneSurfaceTermIsUnbiased() {
        // y ~ N(if g>0: 1 else −1, if −2g>0: 0.5 else 2): a jump that is not additive over guards
        NondiffModel.Builder b = NondiffModel.builder("shared-jump");
        Latent z0 = b.latent("z0", 0, 1);
        Latent z1 = b.latent("z1", 0, 1);
        Expr g = z0.plus(z1).minus(0.5);
        b.observe(
                "y",
                Dist.normal(
                        Expr.ifPositive("m", g, Expr.constant(1), Expr.constant(-1)),
                        Expr.ifPositive("s", g.times(-2), Expr.constant(0.5), Expr.constant(2))),
                0.3);
        NondiffModel model = b.build();
        PiecewiseGaussianElbo exact = new PiecewiseGaussianElbo(2)
                .add(
                        -0.5,
                        new double[] {1, 1},
                        0.3,
                        new PiecewiseGaussianElbo.Branch(new double[] {0, 0}, 1, 2),
                        new PiecewiseGaussianElbo.Branch(new double[] {0, 0}, -1, 0.5));
        MeanFieldGaussian q = new MeanFieldGaussian(new double[] {0.1, 0.6}, new double[] {0.2, -0.4});
        double[][] est = new ReparamNondiffEstimator().estimate(model, q, 20_000, 1, new SplittableRandom(3), manager);
        assertUnbiased("reparam-nondiff", EstimateChecks.zScores(est, exact.gradient(q.toVector())));
    }
}
