package org.relax4j.core.estimator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.relax4j.core.controlvariate.Mlp;
import org.relax4j.core.controlvariate.RelaxControlVariate;
import org.relax4j.core.distribution.NoiseMode;
import org.relax4j.core.engine.NativeArrays;
import org.relax4j.core.io.ArrayIO;
import org.relax4j.core.stack.RunAxis;

/**
 * K independent REBAR or RELAX estimators ({@link ControlVariateEstimator}) as one, their control
 * variates' parameters φ stacked along a leading run axis: η, log λ and s of shape (K, 1), the
 * network r_ρ's weights (K, out, in) and biases (K, out), applied with batched matrix products.
 *
 * <p>A problem holds the K runs' batches of B examples run-major, logits of shape (K·B, units)
 * and conditioning (K·B, d), and its noise draws each run's block from the run's own stream (see
 * {@link org.relax4j.core.random.NoiseSource#stacked}). Run k's rows of ĝ are then exactly what run
 * k's own estimator returns (Grathwohl et al. 2018, eq. 8), and the estimator loss is the sum over
 * runs of each run's variance objective mean(ĝ_k²) + wd·Σ‖W_k‖², whose φ-gradient is each run's
 * own φ_k-gradient: the runs share nothing.
 *
 * <p>Built from the K runs' initialized estimators with {@link #stack}, whose parameter names it
 * keeps (so optimizer state is keyed alike); {@link #copyToRuns} and {@link #copyFromRuns} move
 * φ between the stack and the runs' estimators (for their checkpoints, and on resuming).
 */
public final class StackedControlVariateEstimator extends AbstractEstimator {

    private final int runs;
    private final NoiseMode noiseMode;
    private final boolean relaxedObjective;
    private final RelaxControlVariate.Features features;
    private final Mlp.Nonlinearity nonlinearity;
    private final double weightDecay;
    private final Parameter eta;
    private final Parameter logTemperature;
    private final Parameter scale;
    private final List<Parameter> weights = new ArrayList<>();
    private final ReverseSeed seed = new ReverseSeed();
    private final List<Parameter> biases = new ArrayList<>();
    private final ParameterList all = new ParameterList();
    private final ParameterList trainable = new ParameterList();
    private final List<ControlVariateEstimator> solo;

    private StackedControlVariateEstimator(List<ControlVariateEstimator> solo, NDManager manager) {
        super(solo.get(0).name(), EstimatorTarget.EXPECTATION, 3);
        ControlVariateEstimator first = solo.get(0);
        RelaxControlVariate cv = first.controlVariate();
        this.solo = List.copyOf(solo);
        this.runs = solo.size();
        this.noiseMode = first.noiseMode();
        this.relaxedObjective = cv.hasRelaxedObjective();
        this.features = cv.features();
        this.nonlinearity = cv.nonlinearity();
        this.weightDecay = cv.weightDecay();
        var names = cv.getParameters();
        Parameter etaP = null;
        Parameter logTemperatureP = null;
        Parameter scaleP = null;
        for (int i = 0; i < names.size(); i++) {
            String name = names.keyAt(i);
            Parameter like = names.valueAt(i);
            List<NDArray> arrays = new ArrayList<>();
            for (ControlVariateEstimator e : solo) {
                var theirs = e.controlVariate().getParameters();
                if (theirs.size() != names.size()
                        || !theirs.keyAt(i).equals(name)
                        || !e.name().equals(name())) {
                    throw new IllegalArgumentException("stacked runs need one estimator configuration; got " + name()
                            + " and " + e.name() + " with other parameters");
                }
                arrays.add(theirs.valueAt(i).getArray());
            }
            if (like.getArray() == null) {
                throw new IllegalArgumentException("initialize the runs' estimators before stacking them");
            }
            Parameter stacked = RunAxis.stack(name, like.getType(), arrays, manager, like.requiresGradient());
            NDScope.unregister(stacked.getArray());
            all.add(name, stacked);
            if (like.requiresGradient()) {
                trainable.add(name, stacked);
            }
            if (like.getType() == Parameter.Type.WEIGHT) {
                weights.add(stacked);
            } else if (like.getType() == Parameter.Type.BIAS) {
                biases.add(stacked);
            } else if (name.endsWith("eta")) {
                etaP = stacked;
            } else if (name.endsWith("log_temperature")) {
                logTemperatureP = stacked;
            } else if (name.endsWith("scale")) {
                scaleP = stacked;
            } else {
                throw new IllegalArgumentException("stacked runs do not know the control variate's parameter " + name);
            }
        }
        if (weights.size() != biases.size() || (cv.hasNetwork() != !weights.isEmpty())) {
            throw new IllegalArgumentException("stacked runs support a control-variate network of linear layers only");
        }
        this.eta = etaP;
        this.logTemperature = logTemperatureP;
        this.scale = scaleP;
    }

    /**
     * The runs' estimators (one configuration, initialized, in run order) stacked into one, its
     * parameters created on {@code manager} with the runs' current values.
     */
    public static StackedControlVariateEstimator stack(List<ControlVariateEstimator> runs, NDManager manager) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("nothing to stack");
        }
        return new StackedControlVariateEstimator(runs, manager);
    }

    /** The number of runs K. */
    public int runs() {
        return runs;
    }

    @Override
    public GradientEstimate estimate(EstimationProblem problem) {
        EstimatorSupport.requireGradMode(name());
        long examples = problem.batchSize();
        if (examples % runs != 0) {
            throw new IllegalArgumentException(
                    "a stacked problem of " + examples + " examples does not split over " + runs + " runs");
        }
        long batch = examples / runs;
        RelaxedSamples draws = RelaxedSamples.draw(problem, noiseMode);
        NDArray c = evaluate(EstimatorSupport.stack(draws.z(), draws.zTilde()), problem, batch);
        boolean train = problem.trainEstimator();
        NDArray g = draws.gradient(problem, c, seed.get(c.getManager(), examples), train);

        NDArray loss = null;
        if (train) {
            loss = g.mul(g).reshape(runs, -1).mean(new int[] {1}).sum();
            NDArray penalty = regularization();
            if (penalty != null) {
                loss = loss.add(penalty);
            }
        }
        return new GradientEstimate(g.stopGradient(), draws.fValue(), draws.f(), loss);
    }

    /** c_φ for a stack of samples z (S, K·B, units), shape (S, K·B), each run with its own φ. */
    private NDArray evaluate(NDArray z, EstimationProblem problem, long batch) {
        NDArray temperature = logTemperature == null
                ? null
                : RunAxis.perExample(logTemperature.getArray().exp(), batch);
        NDArray c = null;
        if (relaxedObjective) {
            NDArray relaxed = problem.distribution().relax(z, temperature);
            c = problem.objective()
                    .apply(relaxed, temperature)
                    .mul(RunAxis.perExample(eta.getArray(), batch).reshape(-1));
        }
        if (!weights.isEmpty()) {
            long s = z.getShape().get(0);
            NDArray input = features == RelaxControlVariate.Features.LOGIT
                    ? z
                    : z.div(temperature.add(temperature)).tanh();
            input = input.reshape(s, runs * batch, -1);
            NDArray x = problem.conditioning();
            if (x != null) {
                input = input.concat(
                        x.expandDims(0)
                                .broadcast(new Shape(
                                        s, x.getShape().get(0), x.getShape().get(1))),
                        -1);
            }
            NDArray h = input.reshape(s, runs, batch, -1);
            for (int i = 0; i < weights.size(); i++) {
                h = RunAxis.linear(h, weights.get(i).getArray(), biases.get(i).getArray());
                if (i < weights.size() - 1) {
                    h = nonlinearity == Mlp.Nonlinearity.RELU ? Activation.relu(h) : Activation.tanh(h);
                }
            }
            NDArray r = h.squeeze(-1).mul(scale.getArray().reshape(runs, 1)).reshape(s, runs * batch);
            c = c == null ? r : c.add(r);
        }
        return c;
    }

    /** wd · Σ_k Σ‖W_k‖², the sum of the runs' weight-decay penalties, or null if none. */
    private NDArray regularization() {
        if (weights.isEmpty() || weightDecay == 0) {
            return null;
        }
        NDArray total = null;
        for (Parameter p : weights) {
            NDArray w = p.getArray();
            NDArray sq = w.mul(w).sum();
            total = total == null ? sq : total.add(sq);
        }
        return NativeArrays.times(total, weightDecay);
    }

    /** Copies each run's slice of φ into that run's own estimator (for its checkpoint). */
    public void copyToRuns() {
        for (int i = 0; i < all.size(); i++) {
            RunAxis.unstack(all.valueAt(i).getArray(), runArrays(i));
        }
    }

    /** Copies each run's own φ into its slice of the stack (after the runs were restored). */
    public void copyFromRuns() {
        for (int i = 0; i < all.size(); i++) {
            RunAxis.restack(runArrays(i), all.valueAt(i).getArray());
        }
    }

    /** Parameter i of every run's control variate, read now (restoring state may replace arrays). */
    private List<NDArray> runArrays(int i) {
        List<NDArray> arrays = new ArrayList<>();
        for (ControlVariateEstimator e : solo) {
            arrays.add(e.controlVariate().getParameters().valueAt(i).getArray());
        }
        return arrays;
    }

    @Override
    public ParameterList parameters() {
        return trainable;
    }

    /** Every stacked parameter of φ, trainable or not, under the runs' names. */
    public ParameterList allParameters() {
        return all;
    }

    /** Writes every stacked parameter (the stack's own state; runs are checkpointed by their own estimators). */
    @Override
    public void saveState(DataOutputStream out) throws IOException {
        for (Pair<String, Parameter> p : all) {
            ArrayIO.write(out, p.getValue().getArray());
        }
    }

    @Override
    public void loadState(DataInputStream in) throws IOException {
        for (Pair<String, Parameter> p : all) {
            ArrayIO.readInto(in, p.getValue().getArray());
        }
    }

    @Override
    public void close() {
        seed.close();
        for (Pair<String, Parameter> p : all) {
            p.getValue().getArray().close();
        }
    }
}
