package org.relax4j.core.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code torch.autograd.grad} for DJL: the gradients of some outputs with respect to chosen
 * inputs, returned as arrays rather than accumulated into {@code .grad} fields.
 *
 * <p>DJL 0.35 only exposes {@code backward}, which adds into the {@code .grad} of every leaf
 * the graph reaches. With {@code createGraph} that is doubly harmful: control-variate passes push
 * gradients into the model's parameters, and each leaf's {@code .grad} keeps a reference cycle to
 * its own graph, so memory grows with every step. This class runs PyTorch's own
 * {@code torch.autograd.grad} through a small TorchScript function (see {@link
 * GradFunctionArchive}) called in training mode, so that
 *
 * <ul>
 *   <li>only the requested inputs are differentiated, nothing is accumulated anywhere;
 *   <li>with {@code createGraph} the returned gradients carry their own graph, so a second
 *       {@code grad} call gives second-order derivatives (RELAX's variance objective);
 *   <li>inputs that do not influence the outputs get a zero gradient.
 * </ul>
 *
 * <p>Grad mode must be on (a {@link ai.djl.training.GradientCollector} open) while the outputs
 * are computed and while this is called.
 */
public final class Autograd {

    private static final String FIRST_ORDER = "module_method:first_order";
    private static final String RETAINED = "module_method:retained";

    private static volatile PtSymbolBlock function;
    private static final ThreadLocal<Boolean> PROFILING_DISABLED = ThreadLocal.withInitial(() -> false);

    private Autograd() {}

    /**
     * Whether grad mode is on (a {@link ai.djl.training.GradientCollector} is open on this thread).
     *
     * @return true inside a gradient collector
     */
    public static boolean isGradMode() {
        return JniUtils.isGradMode();
    }

    /** Grad mode for a block; closing it restores the mode before it. */
    public interface GradMode extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Switches grad mode on for a block: opens a {@link ai.djl.training.GradientCollector}
     * unless one is already open on this thread (DJL allows one at a time), in which case the
     * block runs inside the open one and closing does nothing. Lets a computation that needs
     * autograd run both on its own and inside a training step's collector.
     *
     * @return what to close at the end of the block
     */
    public static GradMode gradMode() {
        if (isGradMode()) {
            return () -> {};
        }
        ai.djl.training.GradientCollector collector =
                ai.djl.engine.Engine.getInstance().newGradientCollector();
        return collector::close;
    }

    /**
     * Returns d(Σ_i ⟨seeds_i, outputs_i⟩)/d inputs_j for each input j.
     *
     * @param outputs the arrays to differentiate
     * @param inputs the arrays to differentiate with respect to (leaves or not)
     * @param seeds one array per output, of the output's shape (the vector in the
     *     vector-Jacobian product); {@code null} means all ones
     * @param createGraph whether the result should itself be differentiable
     * @return one gradient per input, of the input's shape
     */
    public static NDList grad(NDList outputs, NDList inputs, NDList seeds, boolean createGraph) {
        return call(outputs, inputs, seeds, createGraph ? null : FIRST_ORDER);
    }

    /**
     * Returns d(sum of output)/d input and keeps the graph behind {@code output}
     * ({@code retain_graph=True}, {@code create_graph=False}), for an output that is
     * differentiated again later, e.g. a relaxed objective whose other parameters get their
     * gradient from the training loss.
     */
    public static NDArray gradKeepingGraph(NDArray output, NDArray input) {
        return call(new NDList(output), new NDList(input), null, RETAINED).get(0);
    }

    /** Calls the archive's method named by {@code method} (null: forward, which creates a graph). */
    private static NDList call(NDList outputs, NDList inputs, NDList seeds, String method) {
        if (outputs.isEmpty() || inputs.isEmpty()) {
            throw new IllegalArgumentException("Autograd.grad needs at least one output and one input");
        }
        if (seeds == null) {
            seeds = new NDList(outputs.size());
            for (NDArray out : outputs) {
                seeds.add(out.getShape().isScalar() ? CONSTANTS.get().scalarOne(out) : out.onesLike());
            }
        } else if (seeds.size() != outputs.size()) {
            throw new IllegalArgumentException(
                    "Autograd.grad got " + outputs.size() + " outputs but " + seeds.size() + " seeds");
        }
        // IValueUtils turns arrays named "x[]" into one List[Tensor] argument, in order of first
        // appearance. The inputs must be passed as themselves (a view would be a different
        // autograd node), so their names are set for the call and restored after it.
        NDList args = new NDList(outputs.size() + inputs.size() + seeds.size() + 1);
        String[] names = new String[outputs.size() + inputs.size() + seeds.size()];
        int k = 0;
        for (NDArray out : outputs) {
            names[k++] = out.getName();
            args.add(withName(out, "outputs[]"));
        }
        for (NDArray in : inputs) {
            names[k++] = in.getName();
            args.add(withName(in, "inputs[]"));
        }
        for (NDArray seed : seeds) {
            names[k++] = seed.getName();
            args.add(withName(seed, "seeds[]"));
        }
        if (method != null) {
            args.add(CONSTANTS.get().marker(outputs.get(0), method));
        }
        if (!PROFILING_DISABLED.get()) {
            // the profiling executor would re-specialise this tiny function for every new shape
            JniUtils.setGraphExecutorOptimize(false);
            PROFILING_DISABLED.set(true);
        }
        try {
            return IValueUtils.forward(function(), args, true);
        } finally {
            for (int i = 0; i < names.length; i++) {
                args.get(i).setName(names[i]);
            }
        }
    }

    /** Returns d(sum of output)/d input for each input. */
    public static NDList grad(NDArray output, NDList inputs, boolean createGraph) {
        return grad(new NDList(output), inputs, null, createGraph);
    }

    /** Returns d(sum of output)/d input. */
    public static NDArray grad(NDArray output, NDArray input, boolean createGraph) {
        return grad(new NDList(output), new NDList(input), null, createGraph).get(0);
    }

    /** Returns d⟨seed, output⟩/d input. */
    public static NDArray grad(NDArray output, NDArray input, NDArray seed, boolean createGraph) {
        return grad(new NDList(output), new NDList(input), new NDList(seed), createGraph)
                .get(0);
    }

    /**
     * Constant arrays every call needs (the method marker, the all-ones seed of a scalar loss),
     * made once per thread, device and type instead of once per call; owned by a manager of their
     * own, never closed (a few bytes each).
     */
    private static final ThreadLocal<Constants> CONSTANTS = ThreadLocal.withInitial(Constants::new);

    private static final class Constants {
        private final Map<String, NDArray> arrays = new HashMap<>();
        private final Map<Device, NDManager> managers = new HashMap<>();

        NDArray marker(NDArray like, String method) {
            return arrays.computeIfAbsent(method + "@" + like.getDevice(), key -> {
                NDArray marker = manager(like.getDevice()).zeros(new Shape(1));
                marker.setName(method);
                NDScope.unregister(marker);
                return marker;
            });
        }

        NDArray scalarOne(NDArray like) {
            return arrays.computeIfAbsent("one:" + like.getDataType() + "@" + like.getDevice(), key -> {
                NDArray one = manager(like.getDevice()).ones(new Shape(), like.getDataType());
                NDScope.unregister(one);
                return one;
            });
        }

        private NDManager manager(Device device) {
            return managers.computeIfAbsent(device, d -> {
                NDManager m = NDManager.newBaseManager(d);
                m.setName("relax4j-autograd-constants");
                return m;
            });
        }
    }

    private static NDArray withName(NDArray array, String name) {
        array.setName(name);
        return array;
    }

    private static PtSymbolBlock function() {
        PtSymbolBlock f = function;
        if (f == null) {
            synchronized (Autograd.class) {
                f = function;
                if (f == null) {
                    NDManager owner = NDManager.newBaseManager();
                    owner.setName("relax4j-autograd");
                    try {
                        f = JniUtils.loadModule(
                                (PtNDManager) owner,
                                new ByteArrayInputStream(GradFunctionArchive.bytes()),
                                false,
                                false);
                    } catch (IOException e) {
                        throw new UncheckedIOException("Could not load the autograd TorchScript function", e);
                    }
                    function = f;
                }
            }
        }
        return f;
    }
}
