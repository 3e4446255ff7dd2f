package org.relax4j.core.variance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.relax4j.core.io.ArrayIO;

/**
 * Streaming estimate of the gradient variance during training, as in the REBAR and RELAX code (Grathwohl et al. 2018 §6.2; docs/estimators.md, "Measuring gradient variance"): the
 * same log Avg(V) as {@link GradientStatistics#logMeanVariance()}, but with the moments tracked by
 * exponential moving averages over training steps instead of measured from independent estimates
 * at one θ. Per component k, with decay d (0.999 in training),
 *
 * <pre>
 *   m_k ← d·m_k + (1 − d)·g_k,   s_k ← d·s_k + (1 − d)·g_k²,   log Avg(V) = log mean_k (s_k − m_k²).
 * </pre>
 *
 * <p>State lives in arrays updated in place, so tracking allocates nothing that outlives a step.
 */
public final class EmaGradientVariance implements AutoCloseable {

    private final double decay;
    private final List<NDArray> first = new ArrayList<>();
    private final List<NDArray> second = new ArrayList<>();
    private long updates;

    /** A tracker with the given decay. */
    public EmaGradientVariance(double decay) {
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("EMA decay must be in (0, 1), got " + decay);
        }
        this.decay = decay;
    }

    /** Adds one gradient (one array per parameter, same order every call). */
    public void update(NDList gradients) {
        if (first.isEmpty()) {
            for (NDArray g : gradients) {
                NDArray m = g.stopGradient().zerosLike();
                NDArray s = g.stopGradient().zerosLike();
                ArrayIO.owned(m);
                ArrayIO.owned(s);
                first.add(m);
                second.add(s);
            }
        } else if (first.size() != gradients.size()) {
            throw new IllegalArgumentException("gradient has " + gradients.size() + " parts, expected " + first.size());
        }
        float keep = (float) decay;
        float take = (float) (1 - decay);
        for (int i = 0; i < gradients.size(); i++) {
            NDArray g = gradients.get(i).stopGradient();
            first.get(i).muli(keep).addi(g.mul(take));
            second.get(i).muli(keep).addi(g.mul(g).muli(take));
        }
        updates++;
    }

    /**
     * log Avg(V) = log mean_k (s_k − m_k²), or NaN before the first update; the name {@link
     * GradientStatistics#logMeanVariance()} uses for the same number.
     */
    public double logMeanVariance() {
        return logVariance();
    }

    /** log mean_k (E[g_k²] − E[g_k]²), or NaN before the first update (= {@link #logMeanVariance()}). */
    public double logVariance() {
        if (updates == 0) {
            return Double.NaN;
        }
        double total = 0;
        long count = 0;
        for (int i = 0; i < first.size(); i++) {
            NDArray m = first.get(i);
            NDArray var = second.get(i).sub(m.mul(m));
            total += var.sum().getFloat();
            count += m.size();
            var.close();
        }
        return Math.log(total / count);
    }

    /** Number of updates so far. */
    public long updates() {
        return updates;
    }

    /** Writes the state. */
    public void save(DataOutputStream out) throws IOException {
        out.writeLong(updates);
        out.writeInt(first.size());
        for (int i = 0; i < first.size(); i++) {
            ArrayIO.write(out, first.get(i));
            ArrayIO.write(out, second.get(i));
        }
    }

    /** Reads the state written by {@link #save} onto {@code manager}'s device. */
    public void load(DataInputStream in, NDManager manager) throws IOException {
        long saved = in.readLong();
        int parts = in.readInt();
        if (saved < 0 || parts < 0 || parts > 100_000) {
            throw new IOException("gradient-variance state is corrupt (" + saved + " updates, " + parts + " parts)");
        }
        close();
        updates = saved;
        for (int i = 0; i < parts; i++) {
            first.add(ArrayIO.read(in, manager));
            second.add(ArrayIO.read(in, manager));
        }
    }

    @Override
    public void close() {
        first.forEach(NDArray::close);
        second.forEach(NDArray::close);
        first.clear();
        second.clear();
    }
}
