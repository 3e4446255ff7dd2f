package org.relax4j.core.variance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
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
 * <p>State lives in arrays updated in place, so tracking allocates nothing that outlives a step;
 * the parts' moments are views of one flat array each, updated by six native operations per step.
 */
public final class EmaGradientVariance implements AutoCloseable {

    private final double decay;
    private final List<NDArray> first = new ArrayList<>();
    private final List<NDArray> second = new ArrayList<>();
    private NDArray flatFirst;
    private NDArray flatSecond;
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
        NDList flat = new NDList(gradients.size());
        for (NDArray g : gradients) {
            flat.add(g.stopGradient().reshape(-1));
        }
        update(gradients, flat.size() == 1 ? flat.get(0) : NDArrays.concat(flat));
    }

    /**
     * Adds one gradient given both as its parts (for their shapes, on the first call) and as
     * their flat concatenation in the same order, which is what is used: the moments of all parts
     * are views of one flat array each, so one update is six native operations whatever the
     * number of parts, with the same arithmetic per entry as one update per part.
     */
    public void update(NDList parts, NDArray flatGradient) {
        if (first.isEmpty()) {
            for (NDArray g : parts) {
                NDArray m = g.stopGradient().zerosLike();
                NDArray s = g.stopGradient().zerosLike();
                ArrayIO.owned(m);
                ArrayIO.owned(s);
                first.add(m);
                second.add(s);
            }
        } else if (first.size() != parts.size()) {
            throw new IllegalArgumentException("gradient has " + parts.size() + " parts, expected " + first.size());
        }
        if (flatFirst == null) {
            flatFirst = flatten(first);
            flatSecond = flatten(second);
        }
        float keep = (float) decay;
        float take = (float) (1 - decay);
        NDArray g = flatGradient.stopGradient();
        flatFirst.muli(keep).addi(g.mul(take));
        flatSecond.muli(keep).addi(g.mul(g).muli(take));
        updates++;
    }

    /** Concatenates {@code parts} into one owned flat array and replaces each part by a view of it. */
    private static NDArray flatten(List<NDArray> parts) {
        NDArray flat;
        try (NDScope scope = new NDScope()) {
            NDList pieces = new NDList(parts.size());
            for (NDArray p : parts) {
                pieces.add(p.reshape(-1));
            }
            flat = pieces.size() == 1 ? pieces.get(0).duplicate() : NDArrays.concat(pieces);
            NDScope.unregister(flat);
        }
        ArrayIO.owned(flat);
        long offset = 0;
        for (int i = 0; i < parts.size(); i++) {
            NDArray old = parts.get(i);
            long end = offset + old.size();
            NDArray view;
            try (NDScope scope = new NDScope()) {
                view = flat.get(new NDIndex().addSliceDim(offset, end)).reshape(old.getShape());
                NDScope.unregister(view);
            }
            parts.set(i, ArrayIO.owned(view));
            old.close();
            offset = end;
        }
        return flat;
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
        // the parts are separate arrays again until the next update joins them
        for (int i = 0; i < parts; i++) {
            first.add(ArrayIO.read(in, manager));
            second.add(ArrayIO.read(in, manager));
        }
    }

    @Override
    public void close() {
        if (flatFirst != null) {
            flatFirst.close();
            flatSecond.close();
            flatFirst = null;
            flatSecond = null;
        }
        first.forEach(NDArray::close);
        second.forEach(NDArray::close);
        first.clear();
        second.clear();
    }
}
