package org.relax4j.core.nondiff.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.relax4j.core.nondiff.WithNDManager;

/** The model language: affine guards, shared hyperplanes, forcing, distributions. */
class NondiffModelTest extends WithNDManager {

    @Test
    void nonAffineGuardsAreRejectedWithTheirName() {
        NondiffModel.Builder b = NondiffModel.builder("bad");
        Latent x = b.latent("x", 0, 1);
        Latent y = b.latent("y", 0, 1);
        Expr one = Expr.constant(1);
        for (Expr guard : List.of(
                x.times(y),
                x.exp(),
                y.div(x),
                x.square(),
                Expr.ifPositive(x, y, one),
                x.plus(y).log())) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> Expr.ifPositive("myGuard", guard, one, Expr.constant(2)));
            assertTrue(e.getMessage().contains("'myGuard'") && e.getMessage().contains("affine"), e.getMessage());
        }
        // affine combinations are accepted and normalised
        Expr g = x.times(2).plus(Expr.constant(1)).minus(y.div(4)).neg();
        Affine a = g.affine().orElseThrow();
        assertEquals(-1, a.constant(), 0);
        assertEquals(-2, a.coefficient(0), 0);
        assertEquals(0.25, a.coefficient(1), 0);
        // a constant guard picks its branch at once
        assertEquals(one, Expr.ifPositive(Expr.constant(3), one, Expr.constant(2)));
    }

    @Test
    void guardsOnOneHyperplaneAreGroupedAndForcedTogether() {
        NondiffModel.Builder b = NondiffModel.builder("shared");
        Latent z0 = b.latent("z0", 0, 1);
        Latent z1 = b.latent("z1", 0, 1);
        Expr g = z0.plus(z1).minus(0.5);
        Expr mean = Expr.ifPositive("m", g, Expr.constant(1), Expr.constant(-1));
        // the same hyperplane written as −2g: "then" on the other side
        Expr sd = Expr.ifPositive(
                "s", Expr.constant(1).minus(z0.times(2)).minus(z1.times(2)), Expr.constant(0.5), Expr.constant(2));
        // a parallel but different hyperplane
        Expr other = Expr.ifPositive("o", g.minus(1), Expr.constant(0), Expr.constant(-3));
        b.observe("y", Dist.normal(mean, sd), 0.3);
        b.factor("extra", other);
        NondiffModel model = b.build();
        assertEquals(3, model.guards().size());
        assertEquals(2, model.hyperplanes().size());
        assertEquals(1, model.guard("m").orientation());
        assertEquals(-1, model.guard("s").orientation());
        assertTrue(model.guard("m").hyperplane() == model.guard("s").hyperplane());

        double lPlus = logNormal(0.3, 1, 2); // g > 0: mean 1, sd 2
        double lMinus = logNormal(0.3, -1, 0.5); // g <= 0: mean −1, sd 0.5
        double[][] x = {{1.0, 0.2}, {-0.4, 0.1}}; // g = 0.7 (other guard: g − 1 < 0), g = −0.8
        double prior0 = logNormal(1.0, 0, 1) + logNormal(0.2, 0, 1);
        double prior1 = logNormal(-0.4, 0, 1) + logNormal(0.1, 0, 1);
        double[] free = model.logJoint(manager, x, Forcing.none());
        assertEquals(prior0 + lPlus - 3, free[0], 1e-12);
        assertEquals(prior1 + lMinus - 3, free[1], 1e-12);
        // forcing "m" to then forces "s" to else: both rows get the g > 0 likelihood
        double[] forcedThen = model.logJoint(manager, x, model.force("m", true));
        assertEquals(prior0 + lPlus - 3, forcedThen[0], 1e-12);
        assertEquals(prior1 + lPlus - 3, forcedThen[1], 1e-12);
        // forcing "s" to then is the g <= 0 side
        double[] forcedS = model.logJoint(manager, x, model.force("s", true));
        assertEquals(prior0 + lMinus - 3, forcedS[0], 1e-12);
        assertEquals(prior1 + lMinus - 3, forcedS[1], 1e-12);
        // per-row forcing, and the other hyperplane untouched
        double[] perRow = model.logJoint(manager, x, Forcing.perRow(new int[] {0, 1}, new boolean[] {false, true}));
        assertEquals(prior0 + lMinus - 3, perRow[0], 1e-12);
        assertEquals(prior1 + lMinus + 0, perRow[1], 1e-12); // row 1 forces the "o" hyperplane only
    }

    @Test
    void distributionsMatchTheirFormulas() {
        double v = 0.37; // latent value
        double r = Math.exp(v);
        double sig = 1 / (1 + Math.exp(-v));
        record Check(String what, Function<Latent, Dist> dist, double observed, double expected) {}
        List<Check> checks = List.of(
                new Check("normal", x -> Dist.normal(x, Expr.constant(2)), 1.1, logNormal(1.1, v, 2)),
                new Check("poisson", x -> Dist.poisson(x.exp()), 4, 4 * v - r - Math.log(24)),
                new Check("bernoulli 1", x -> Dist.bernoulli(x.sigmoid()), 1, Math.log(sig)),
                new Check("bernoulli 0", x -> Dist.bernoulli(x.sigmoid()), 0, Math.log(1 - sig)),
                new Check("bernoulli logit", x -> Dist.bernoulliLogit(x), 0, -Math.log1p(Math.exp(v))),
                new Check(
                        "gamma",
                        x -> Dist.gamma(x.exp(), Expr.constant(2)),
                        1.5,
                        r * Math.log(2) - SpecialFunctions.logGamma(r) + (r - 1) * Math.log(1.5) - 3),
                new Check(
                        "beta",
                        x -> Dist.beta(x.exp(), Expr.constant(3)),
                        0.25,
                        (r - 1) * Math.log(0.25)
                                + 2 * Math.log(0.75)
                                + SpecialFunctions.logGamma(r + 3)
                                - SpecialFunctions.logGamma(r)
                                - SpecialFunctions.logGamma(3)),
                new Check("exponential", x -> Dist.exponential(x.exp()), 0.8, v - r * 0.8),
                new Check(
                        "lognormal",
                        x -> Dist.logNormal(x, Expr.constant(0.5)),
                        2.0,
                        -Math.pow(Math.log(2) - v, 2) / 0.5
                                - Math.log(0.5)
                                - Math.log(2)
                                - 0.5 * SpecialFunctions.LOG_2PI));
        for (Check c : checks) {
            NondiffModel.Builder b = NondiffModel.builder("d");
            Latent x = b.latent("x", 0, 1);
            b.observe("obs", c.dist().apply(x), c.observed());
            double got = b.build().logJoint(manager, new double[][] {{v}}, Forcing.none())[0] - logNormal(v, 0, 1);
            assertEquals(c.expected(), got, 1e-10, c.what());
        }
        NondiffModel.Builder b = NondiffModel.builder("support");
        Latent x = b.latent("x", 0, 1);
        assertThrows(IllegalArgumentException.class, () -> Dist.poisson(x.exp()).logDensity(1.5));
        assertThrows(
                IllegalArgumentException.class,
                () -> Dist.bernoulli(x.sigmoid()).logDensity(2));
        assertThrows(
                IllegalArgumentException.class,
                () -> Dist.beta(x.exp(), x.exp()).logDensity(1.0));
    }

    @Test
    void latentsOfAnotherModelAreRejected() {
        NondiffModel.Builder a = NondiffModel.builder("a");
        Latent x = a.latent("x", 0, 1);
        NondiffModel.Builder b = NondiffModel.builder("b");
        b.latent("y", 0, 1);
        b.observe("o", Dist.normal(x, Expr.constant(1)), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertTrue(e.getMessage().contains("another model"), e.getMessage());
    }

    @Test
    void specialFunctions() {
        assertEquals(0.5, SpecialFunctions.normalCdf(0), 1e-16);
        assertEquals(0.9750021048517795, SpecialFunctions.normalCdf(1.96), 1e-15);
        assertEquals(1.3498980316300946e-3, SpecialFunctions.normalCdf(-3), 1e-15);
        assertEquals(2.866515718791939e-7, SpecialFunctions.normalCdf(-5), 1e-20);
        assertEquals(1.959963984540054, SpecialFunctions.normalQuantile(0.975), 1e-13);
        assertEquals(-2.3263478740408408, SpecialFunctions.normalQuantile(0.01), 1e-13);
        assertEquals(Math.log(120), SpecialFunctions.logGamma(6), 1e-13);
        assertEquals(0.5723649429247001, SpecialFunctions.logGamma(0.5), 1e-13);
        assertEquals(0.7, SpecialFunctions.softplus(SpecialFunctions.softplusInverse(0.7)), 1e-15);
    }

    private static double logNormal(double x, double m, double s) {
        double e = (x - m) / s;
        return -0.5 * e * e - Math.log(s) - 0.5 * SpecialFunctions.LOG_2PI;
    }
}
