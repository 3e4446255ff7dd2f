package org.relax4j.core.nondiff.lang;

import java.util.List;

/**
 * A continuous latent variable of a {@link NondiffModel}, created by {@link
 * NondiffModel.Builder#latent}. It is an {@link Expr} (its value) and carries the initial values
 * of its variational parameters: q(xᵢ) = N(μᵢ, σᵢ²) with σᵢ = softplus(ρᵢ).
 */
public final class Latent extends Expr {

    private final Object owner;
    private final int index;
    private final String name;
    private double initialMean = 0;
    private double initialStd = 1;

    Latent(Object owner, int index, String name) {
        this.owner = owner;
        this.index = index;
        this.name = name;
    }

    /** Position of this latent in the model's latent vector. */
    public int index() {
        return index;
    }

    /** The latent's name. */
    public String name() {
        return name;
    }

    /**
     * Sets the initial variational mean and standard deviation (default 0 and 1).
     *
     * @return this latent
     */
    public Latent initialize(double mean, double std) {
        if (!Double.isFinite(mean) || !(std > 0) || !Double.isFinite(std)) {
            throw new IllegalArgumentException(
                    "latent " + name + ": initial mean must be finite and std positive, got " + mean + ", " + std);
        }
        this.initialMean = mean;
        this.initialStd = std;
        return this;
    }

    /** Initial variational mean. */
    public double initialMean() {
        return initialMean;
    }

    /** Initial variational standard deviation. */
    public double initialStd() {
        return initialStd;
    }

    Object owner() {
        return owner;
    }

    @Override
    Affine affineOrNull() {
        return Affine.latent(index);
    }

    @Override
    List<Expr> children() {
        return List.of();
    }

    @Override
    Val evaluate(Evaluator ev) {
        return Val.of(ev.latentColumn(index));
    }

    @Override
    public String toString() {
        return name;
    }
}
