package org.relax4j.core.stack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.relax4j.core.io.ArrayIO;

/**
 * Splits the saved state of a stacked run's Adam optimizer or gradient-variance tracker into the
 * K runs' own saved states, and joins K runs' states into the stacked one. Both states are
 * sequences of arrays (Adam's first and second moments per parameter, under the parameter's name
 * with its step count; the tracker's EMA moments per tracked parameter, with its update count),
 * so a run's state is the stacked state with every array replaced by its slice k: exactly what the
 * run's own optimizer or tracker, updated with slice k of every gradient, would hold.
 */
public final class StackedState {

    /** The saved-state layouts this class reads and writes. */
    public enum Layout {
        /** {@link org.relax4j.core.optim.StatefulAdam#save}: n, then (name, steps, mean, variance) per parameter. */
        ADAM,
        /** {@link org.relax4j.core.variance.EmaGradientVariance#save}: updates, n, then (first, second) per part. */
        GRADIENT_VARIANCE
    }

    private StackedState() {}

    /** The K runs' states in {@code layout}, from the stacked state {@code stacked}. */
    public static List<byte[]> split(Layout layout, byte[] stacked, int runs, NDManager manager) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(stacked));
        List<ByteArrayOutputStream> buffers = new ArrayList<>();
        List<DataOutputStream> outs = new ArrayList<>();
        for (int k = 0; k < runs; k++) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            buffers.add(b);
            outs.add(new DataOutputStream(b));
        }
        int entries = header(layout, in, outs);
        for (int i = 0; i < entries; i++) {
            if (layout == Layout.ADAM) {
                String name = in.readUTF();
                long steps = in.readLong();
                for (DataOutputStream out : outs) {
                    out.writeUTF(name);
                    out.writeLong(steps);
                }
            }
            for (int a = 0; a < 2; a++) {
                try (NDArray array = ArrayIO.read(in, manager)) {
                    if (array.getShape().dimension() == 0 || array.getShape().get(0) != runs) {
                        throw new IOException("stacked state array of shape " + array.getShape() + " has no axis of "
                                + runs + " runs");
                    }
                    for (int k = 0; k < runs; k++) {
                        try (NDArray slice = array.get(k)) {
                            ArrayIO.write(outs.get(k), slice);
                        }
                    }
                }
            }
        }
        List<byte[]> result = new ArrayList<>();
        for (int k = 0; k < runs; k++) {
            outs.get(k).flush();
            result.add(buffers.get(k).toByteArray());
        }
        return result;
    }

    /**
     * The stacked state in {@code layout} of the K runs' states {@code perRun}, which must agree
     * on everything but their arrays' values (names, step and update counts, shapes).
     */
    public static byte[] join(Layout layout, List<byte[]> perRun, NDManager manager) throws IOException {
        List<DataInputStream> ins = new ArrayList<>();
        for (byte[] b : perRun) {
            ins.add(new DataInputStream(new ByteArrayInputStream(b)));
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(buffer);
        int entries = -1;
        for (DataInputStream in : ins) {
            ByteArrayOutputStream headerBytes = new ByteArrayOutputStream();
            DataOutputStream headerOut = new DataOutputStream(headerBytes);
            int n = header(layout, in, List.of(headerOut));
            if (entries < 0) {
                entries = n;
                headerOut.flush();
                out.write(headerBytes.toByteArray());
            } else if (n != entries) {
                throw new IOException("the runs' " + describe(layout) + " states differ in size (" + entries + " and "
                        + n + " entries); they were not trained in step with each other");
            }
        }
        for (int i = 0; i < entries; i++) {
            if (layout == Layout.ADAM) {
                String name = null;
                long steps = -1;
                for (DataInputStream in : ins) {
                    String n = in.readUTF();
                    long s = in.readLong();
                    if (name != null && (!n.equals(name) || s != steps)) {
                        throw new IOException("the runs' optimizer states differ ('" + name + "' at " + steps
                                + " steps, '" + n + "' at " + s + "); they were not trained in step with each other");
                    }
                    name = n;
                    steps = s;
                }
                out.writeUTF(name);
                out.writeLong(steps);
            }
            for (int a = 0; a < 2; a++) {
                NDList slices = new NDList();
                try {
                    for (DataInputStream in : ins) {
                        slices.add(ArrayIO.read(in, manager));
                    }
                    try (NDArray stacked = NDArrays.stack(slices, 0)) {
                        ArrayIO.write(out, stacked);
                    }
                } finally {
                    slices.close();
                }
            }
        }
        out.flush();
        return buffer.toByteArray();
    }

    /** Copies the layout's header from {@code in} to every output; returns its entry count. */
    private static int header(Layout layout, DataInputStream in, List<DataOutputStream> outs) throws IOException {
        long updates = 0;
        if (layout == Layout.GRADIENT_VARIANCE) {
            updates = in.readLong();
        }
        int entries = in.readInt();
        if (entries < 0 || entries > 1_000_000) {
            throw new IOException(describe(layout) + " state is corrupt (" + entries + " entries)");
        }
        for (DataOutputStream out : outs) {
            if (layout == Layout.GRADIENT_VARIANCE) {
                out.writeLong(updates);
            }
            out.writeInt(entries);
        }
        return entries;
    }

    private static String describe(Layout layout) {
        return layout == Layout.ADAM ? "optimizer" : "gradient-variance";
    }
}
