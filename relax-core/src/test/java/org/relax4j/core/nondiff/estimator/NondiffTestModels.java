package org.relax4j.core.nondiff.estimator;

import java.util.ArrayList;
import java.util.List;
import org.relax4j.core.nondiff.lang.Dist;
import org.relax4j.core.nondiff.lang.Expr;
import org.relax4j.core.nondiff.lang.Latent;
import org.relax4j.core.nondiff.lang.NondiffModel;

/** Small models with closed-form ELBO gradients, built both as a model and as a closed form. */
final class NondiffTestModels {

    private NondiffTestModels() {}

    record Case(NondiffModel model, PiecewiseGaussianElbo exact) {}

    /** One piecewise-Gaussian factor: guard c₀ + cᵀz, observation y, two linear-Gaussian branches. */
    record Piece(
            double c0,
            double[] c,
            double y,
            PiecewiseGaussianElbo.Branch then,
            PiecewiseGaussianElbo.Branch otherwise) {}

    static PiecewiseGaussianElbo.Branch branch(double[] a, double b, double s) {
        return new PiecewiseGaussianElbo.Branch(a, b, s);
    }

    /** z ~ N(0, I); for each piece: y ~ N(mean, sd) with mean and sd each an ifPositive on the guard. */
    static Case build(String name, int n, List<Piece> pieces) {
        NondiffModel.Builder b = NondiffModel.builder(name);
        List<Latent> z = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            z.add(b.latent("z" + i, 0, 1));
        }
        PiecewiseGaussianElbo exact = new PiecewiseGaussianElbo(n);
        int k = 0;
        for (Piece p : pieces) {
            Expr guard = Expr.constant(p.c0());
            for (int i = 0; i < n; i++) {
                if (p.c()[i] != 0) {
                    guard = guard.plus(z.get(i).times(p.c()[i]));
                }
            }
            Expr mean = Expr.ifPositive("mean" + k, guard, linear(z, p.then()), linear(z, p.otherwise()));
            Expr sd = Expr.ifPositive(
                    "sd" + k,
                    guard,
                    Expr.constant(p.then().s()),
                    Expr.constant(p.otherwise().s()));
            b.observe("y" + k, Dist.normal(mean, sd), p.y());
            exact.add(p.c0(), p.c(), p.y(), p.then(), p.otherwise());
            k++;
        }
        return new Case(b.build(), exact);
    }

    private static Expr linear(List<Latent> z, PiecewiseGaussianElbo.Branch br) {
        Expr e = Expr.constant(br.b());
        for (int i = 0; i < z.size(); i++) {
            if (br.a()[i] != 0) {
                e = e.plus(z.get(i).times(br.a()[i]));
            }
        }
        return e;
    }

    /** 1-D: guard z − 0.4; then y ~ N(3z + 1, 0.5²), else N(−z + 2, 1.5²); y = 0.7. */
    static Case oneD() {
        return build(
                "one-d",
                1,
                List.of(new Piece(
                        -0.4,
                        new double[] {1},
                        0.7,
                        branch(new double[] {3}, 1, 0.5),
                        branch(new double[] {-1}, 2, 1.5))));
    }

    /**
     * Only a guard over two latents, 1.5 + z0 − 0.5 z1 (solved for z0); then y ~ N(z0 + 0.5, 0.7²),
     * else N(2 z0 − 0.5, 20²) (nearly flat), y = 0.5. With q centred at z1 ≈ 3 the boundary point
     * x0* is far (in q's units for z1) from μ1, which is where the reference code's velocity
     * shortcut (x0* − μ1)/σ1 differs most from the true ε1.
     */
    static Case twoLatentGuard() {
        return build(
                "two-latent-guard",
                2,
                List.of(new Piece(
                        1.5,
                        new double[] {1, -0.5},
                        0.5,
                        branch(new double[] {1, 0}, 0.5, 0.7),
                        branch(new double[] {2, 0}, -0.5, 20))));
    }

    /**
     * 2-D: a guard over both latents, 0.3 + z0 − 0.8 z1 (solved for z0), and a single-latent guard
     * z1 − 0.2, each switching a linear-Gaussian likelihood.
     */
    static Case twoD() {
        return build(
                "two-d",
                2,
                List.of(
                        new Piece(
                                0.3,
                                new double[] {1, -0.8},
                                0.5,
                                branch(new double[] {1, 1}, 0, 0.7),
                                branch(new double[] {2, 0}, -0.5, 1.2)),
                        new Piece(
                                -0.2,
                                new double[] {0, 1},
                                -0.3,
                                branch(new double[] {0, 1}, 0, 0.6),
                                branch(new double[] {-1, 0}, 1, 0.9))));
    }
}
