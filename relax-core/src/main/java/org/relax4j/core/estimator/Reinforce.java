package org.relax4j.core.estimator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.ParameterList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.relax4j.core.controlvariate.LearnedBaseline;

/**
 * REINFORCE (Williams 1992), the score-function estimator with an optional baseline c:
 * ĝ = (f(b) − c)·∂ log p_α(b)/∂α (docs/estimators.md, "reinforce"). Unbiased whenever c does not
 * depend on b.
 *
 * <p>Baselines ({@link BaselineKind}): none; an exponential moving average of past batch means of
 * f, bias-corrected, updated after use; or a learned input-dependent baseline c(x) (NVIL, Mnih and
 * Gregor 2014) trained on E[(f(b) − c(x))²] through {@link GradientEstimate#estimatorLoss()}.
 */
public final class Reinforce extends AbstractEstimator {

    /** The baseline subtracted from f. */
    public enum BaselineKind {
        /** c = 0. */
        NONE,
        /** c = bias-corrected EMA of past batch means of f. */
        EMA,
        /** c = MLP(x) on the problem's conditioning inputs, trained by squared error. */
        LEARNED
    }

    private final BaselineKind baseline;
    private final double emaDecay;
    private final LearnedBaseline learned;
    private double emaNumerator;
    private double emaDenominator;

    private Reinforce(Builder builder) {
        super("reinforce", true, 1);
        this.baseline = builder.baseline;
        this.emaDecay = builder.emaDecay;
        this.learned = baseline == BaselineKind.LEARNED ? new LearnedBaseline(builder.hiddenUnits) : null;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The baseline kind. */
    public BaselineKind baseline() {
        return baseline;
    }

    @Override
    public GradientEstimate estimate(EstimationProblem problem) {
        EstimatorSupport.requireGradMode(name());
        NDArray logits = problem.logits().stopGradient();
        NDArray u = problem.samplingNoise();
        NDArray b = problem.distribution().hard(problem.distribution().reparameterize(logits, u));
        NDArray f = EstimatorSupport.hardObjective(problem, b);
        NDArray fValue = f.stopGradient();
        NDArray score = problem.distribution().score(logits, b);
        NDArray loss = null;
        NDArray signal;
        switch (baseline) {
            case NONE:
                signal = fValue;
                break;
            case EMA:
                signal = fValue.sub(emaDenominator == 0 ? 0 : emaNumerator / emaDenominator);
                double batchMean = fValue.mean().getFloat();
                emaNumerator = emaDecay * emaNumerator + (1 - emaDecay) * batchMean;
                emaDenominator = emaDecay * emaDenominator + (1 - emaDecay);
                break;
            case LEARNED:
                NDArray c = learned.evaluate(problem);
                signal = fValue.sub(c.stopGradient());
                if (problem.trainEstimator()) {
                    NDArray residual = fValue.sub(c);
                    loss = residual.mul(residual).mean();
                }
                break;
            default:
                throw new AssertionError(baseline);
        }
        NDArray g = EstimatorSupport.perUnit(signal, score).mul(score);
        return new GradientEstimate(g, fValue, f, loss);
    }

    @Override
    public void initialize(NDManager manager, Shape logitsShape, Shape conditioningShape) {
        if (learned != null) {
            learned.initialize(manager, conditioningShape);
        }
    }

    @Override
    public ParameterList parameters() {
        return learned == null ? new ParameterList() : learned.getParameters();
    }

    @Override
    public void close() {
        if (learned != null) {
            learned.close();
        }
    }

    @Override
    public void saveState(DataOutputStream out) throws IOException {
        out.writeDouble(emaNumerator);
        out.writeDouble(emaDenominator);
        if (learned != null) {
            learned.saveParameters(out);
        }
    }

    @Override
    public void loadState(DataInputStream in) throws IOException {
        emaNumerator = in.readDouble();
        emaDenominator = in.readDouble();
        if (learned != null) {
            learned.loadParameters(in);
        }
    }

    /** Builder of {@link Reinforce}. */
    public static final class Builder {
        private BaselineKind baseline = BaselineKind.NONE;
        private double emaDecay = 0.99;
        private int hiddenUnits = 100;

        private Builder() {}

        /** Sets the baseline (default none). */
        public Builder optBaseline(BaselineKind baseline) {
            this.baseline = baseline;
            return this;
        }

        /** Sets the EMA decay (default 0.99). */
        public Builder optEmaDecay(double emaDecay) {
            if (!(emaDecay >= 0 && emaDecay < 1)) {
                throw new IllegalArgumentException("EMA decay must be in [0, 1), got " + emaDecay);
            }
            this.emaDecay = emaDecay;
            return this;
        }

        /** Sets the hidden width of the learned baseline (default 100, tanh, as in REBAR's code). */
        public Builder optBaselineHiddenUnits(int hiddenUnits) {
            this.hiddenUnits = hiddenUnits;
            return this;
        }

        /** Builds the estimator. */
        public Reinforce build() {
            return new Reinforce(this);
        }
    }

}
