package org.relax4j.core.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.optimizer.Optimizer;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.relax4j.core.engine.NativeArrays;
import org.relax4j.core.io.ArrayIO;

/**
 * Adam (Kingma and Ba 2015) whose state (first and second moments, step count) can be saved and
 * restored, so a resumed run continues exactly where it stopped. DJL's own {@code Adam} keeps that
 * state private. The update is {@link AdamRule}, computed by one of two {@link Kernel}s: DJL's
 * fused native Adam kernel (the default; hyper-parameters in float, as that kernel takes them) or
 * separate elementwise array operations with the rule's double hyper-parameters, which on float64
 * parameters reproduce {@link AdamRule#apply} (and so {@link DoubleAdam}) bit for bit.
 *
 * <p>Bias correction uses a per-parameter step count t: lr_t = {@link AdamRule#stepSize}(t) =
 * lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ).
 */
public final class StatefulAdam extends Optimizer {

    /** How the update is computed. */
    public enum Kernel {
        /** DJL's fused native Adam kernel, hyper-parameters rounded to float. */
        FUSED,
        /**
         * Separate elementwise operations in the parameter's data type, in {@link AdamRule#apply}'s
         * order, with the rule's hyper-parameters as double constants: on float64 parameters each
         * operation rounds exactly as the Java arithmetic does (the square root is Java's, taken on
         * the host: libtorch's CPU one is not correctly rounded), so the iterates equal {@link
         * DoubleAdam}'s. Slower than {@link
         * #FUSED}; meant for small float64 parameter vectors.
         */
        ELEMENTWISE
    }

    private final AdamRule rule;
    private final Kernel kernel;
    private final Map<String, Moments> state = new LinkedHashMap<>();

    private StatefulAdam(Builder builder) {
        super(builder);
        this.rule = builder.rule != null
                ? builder.rule
                : new AdamRule(builder.learningRate, builder.beta1, builder.beta2, builder.epsilon);
        this.kernel = builder.kernel;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The learning rate. */
    public float learningRate() {
        return (float) rule.learningRate();
    }

    /** The update rule (hyper-parameters widened from the floats they were set as). */
    public AdamRule rule() {
        return rule;
    }

    /** The kernel that computes the update. */
    public Kernel kernel() {
        return kernel;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        Moments m = state.computeIfAbsent(parameterId, id -> new Moments(weight));
        m.steps++;
        if (kernel == Kernel.ELEMENTWISE) {
            elementwiseUpdate(weight, grad, m);
            return;
        }
        float corrected = (float) rule.stepSize(m.steps);
        NDList inputs = new NDList(weight, grad, m.mean, m.variance);
        weight.getNDArrayInternal()
                .adamUpdate(
                        inputs,
                        new NDList(weight),
                        (float) rule.learningRate(),
                        corrected,
                        getWeightDecay(),
                        rescaleGrad,
                        clipGrad,
                        (float) rule.beta1(),
                        (float) rule.beta2(),
                        (float) rule.epsilon(),
                        true,
                        false);
    }

    /**
     * {@link AdamRule#apply} (descent) on arrays, one rounding per operation in Java's order:
     * m ← β₁m + (1 − β₁)g, v ← β₂v + ((1 − β₂)g)g, θ ← θ − (lr_t·m)/(√v + ε̂). The moments and θ
     * are updated in place (θ through a detached view, so autograd does not see the update).
     */
    private void elementwiseUpdate(NDArray weight, NDArray grad, Moments m) {
        if (rescaleGrad != 1f || clipGrad > 0 || getWeightDecay() != 0f) {
            throw new IllegalStateException("the elementwise Adam kernel applies the rule alone: no gradient "
                    + "rescaling, clipping or weight decay");
        }
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray g = grad.stopGradient();
            m.mean.muli(NativeArrays.constant(weight, rule.beta1()))
                    .addi(NativeArrays.constant(weight, 1 - rule.beta1()).mul(g));
            m.variance
                    .muli(NativeArrays.constant(weight, rule.beta2()))
                    .addi(NativeArrays.constant(weight, 1 - rule.beta2()).mul(g).mul(g));
            NDArray step = NativeArrays.constant(weight, rule.stepSize(m.steps))
                    .mul(m.mean)
                    .div(correctlyRoundedSqrt(m.variance).add(NativeArrays.constant(weight, rule.epsilon())));
            weight.stopGradient().subi(step);
        }
    }

    /**
     * √v rounded correctly. libtorch's CPU square root goes through MKL's vector math library,
     * whose results are faithful but not always correctly rounded (about 1% are one unit in the
     * last place off), so float64 values take Java's {@link Math#sqrt} (IEEE 754, correctly
     * rounded) on the host; other types use the array's own square root.
     */
    private static NDArray correctlyRoundedSqrt(NDArray v) {
        if (v.getDataType() != DataType.FLOAT64) {
            return v.sqrt();
        }
        double[] values = v.toDoubleArray();
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.sqrt(values[i]);
        }
        return NativeArrays.copyOf(v.getManager(), values, v.getShape());
    }

    /** Writes the moments and step counts of every parameter updated so far. */
    public void save(DataOutputStream out) throws IOException {
        out.writeInt(state.size());
        for (Map.Entry<String, Moments> e : state.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeLong(e.getValue().steps);
            ArrayIO.write(out, e.getValue().mean);
            ArrayIO.write(out, e.getValue().variance);
        }
    }

    /**
     * Reads what {@link #save} wrote; arrays are created on {@code manager}'s device.
     *
     * @throws IOException if the data is truncated or malformed
     */
    public void load(DataInputStream in, NDManager manager) throws IOException {
        clear();
        int n = in.readInt();
        if (n < 0 || n > 1_000_000) {
            throw new IOException("optimizer state claims " + n + " parameters; the checkpoint is corrupt");
        }
        for (int i = 0; i < n; i++) {
            String id = in.readUTF();
            long steps = in.readLong();
            NDArray mean = ArrayIO.read(in, manager);
            NDArray variance = ArrayIO.read(in, manager);
            state.put(id, new Moments(mean, variance, steps));
        }
    }

    /** Forgets all state (closes its arrays). */
    public void clear() {
        for (Moments m : state.values()) {
            m.mean.close();
            m.variance.close();
        }
        state.clear();
    }

    /** Step count of a parameter (0 if never updated). */
    public long steps(String parameterId) {
        Moments m = state.get(parameterId);
        return m == null ? 0 : m.steps;
    }

    private static final class Moments {
        final NDArray mean;
        final NDArray variance;
        long steps;

        Moments(NDArray weight) {
            this(ArrayIO.owned(weight.zerosLike()), ArrayIO.owned(weight.zerosLike()), 0);
        }

        Moments(NDArray mean, NDArray variance, long steps) {
            this.mean = mean;
            this.variance = variance;
            this.steps = steps;
        }
    }

    /** Builder of {@link StatefulAdam}. */
    public static final class Builder extends OptimizerBuilder<Builder> {
        private float learningRate = 1e-3f;
        private float beta1 = (float) AdamRule.DEFAULT_BETA1;
        private float beta2 = (float) AdamRule.DEFAULT_BETA2;
        private float epsilon = (float) AdamRule.DEFAULT_EPSILON;
        private AdamRule rule;
        private Kernel kernel = Kernel.FUSED;

        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /** Sets the learning rate (default 1e-3). */
        public Builder optLearningRate(float learningRate) {
            AdamRule.checkLearningRate(learningRate);
            this.learningRate = learningRate;
            return this;
        }

        /** Sets β₁ (default 0.9). */
        public Builder optBeta1(float beta1) {
            this.beta1 = checkBeta("beta1", beta1);
            return this;
        }

        /** Sets β₂ (default 0.999; the REBAR/RELAX VAE code uses 0.99999). */
        public Builder optBeta2(float beta2) {
            this.beta2 = checkBeta("beta2", beta2);
            return this;
        }

        /** Sets ε (default 1e-8). */
        public Builder optEpsilon(float epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /**
         * Sets every hyper-parameter from {@code rule}, in double precision (the {@link
         * Kernel#FUSED} kernel still rounds them to float); overrides the {@code opt…} setters.
         */
        public Builder optRule(AdamRule rule) {
            this.rule = java.util.Objects.requireNonNull(rule, "rule");
            return this;
        }

        /** Sets the kernel (default {@link Kernel#FUSED}). */
        public Builder optKernel(Kernel kernel) {
            this.kernel = java.util.Objects.requireNonNull(kernel, "kernel");
            return this;
        }

        private static float checkBeta(String name, float beta) {
            AdamRule.checkBeta(name, beta);
            return beta;
        }

        /** Builds the optimizer. */
        public StatefulAdam build() {
            return new StatefulAdam(this);
        }
    }
}
