package org.relax4j.train.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.relax4j.core.random.NoiseSource;
import org.relax4j.datasets.Binarization;
import org.relax4j.datasets.MinibatchStream;
import org.relax4j.models.sbn.SigmoidBeliefNet;
import org.relax4j.train.metrics.MetricsLog;
import org.relax4j.train.plot.ImageGrid;
import org.relax4j.train.plot.LineChart;

/** The plots of a VAE run directory: bound curves, gradient log-variance, reconstructions, samples. */
public final class VaeReport {

    private VaeReport() {}

    /** Writes {@code elbo.png} and {@code logvar.png} from the run's metrics. */
    public static void writeCurves(Path dir, String title) throws IOException {
        List<JsonObject> records = MetricsLog.read(dir.resolve("metrics.jsonl"));
        LineChart bound = new LineChart(title + ": bounds (nats)", "step", "nats");
        LineChart logvar = new LineChart(title + ": encoder-gradient log-variance (EMA)", "step", "log Var(g)");
        bound.add("train ELBO", series(records, "step"), series(records, "train_elbo"));
        List<JsonObject> evals = new ArrayList<>();
        for (JsonObject r : records) {
            if (r.has("valid_iwae")) {
                evals.add(r);
            }
        }
        if (!evals.isEmpty()) {
            String k = evals.get(0).has("valid_k") ? evals.get(0).get("valid_k").getAsString() : "k";
            bound.add("valid IWAE-" + k, series(evals, "step"), series(evals, "valid_iwae"));
        }
        logvar.add("grad_logvar", series(records, "step"), series(records, "grad_logvar"));
        bound.write(dir.resolve("elbo.png"));
        logvar.write(dir.resolve("logvar.png"));
    }

    /** Values of a numeric field (NaN where missing). */
    static double[] series(List<JsonObject> records, String field) {
        double[] v = new double[records.size()];
        for (int i = 0; i < v.length; i++) {
            JsonObject r = records.get(i);
            v[i] = r.has(field) && !r.get(field).isJsonNull() ? r.get(field).getAsDouble() : Double.NaN;
        }
        return v;
    }

    /**
     * Writes {@code reconstructions.png} (validation digits above their reconstructions) and
     * {@code samples.png} (64 ancestral samples' mean images).
     */
    public static void writeImages(VaeSession session, Path dir) throws IOException {
        SigmoidBeliefNet model = session.model();
        int side = (int) Math.round(Math.sqrt(model.inputDim()));
        if (side * side != model.inputDim()) {
            return;
        }
        NoiseSource noise = new NoiseSource(session.config().seed() ^ VaeSession.EVAL_NOISE ^ 0x1L);
        try (NDScope scope = new NDScope()) {
            NoiseSource.StepNoise n = noise.forStep(0);
            NDArray x = MinibatchStream.evaluationBatch(
                    session.data().validation(), Binarization.THRESHOLD, 16, 0, session.manager());
            List<NDArray> u = new ArrayList<>();
            for (int l = 0; l < model.stochasticLayers(); l++) {
                u.add(n.uniform(session.manager(), new Shape(16, model.units())));
            }
            NDArray recon = model.reconstruction(model.sample(x, u).samples().get(0));
            NDArray grid = NDArrays.concat(new NDList(x.get("0:8"), recon.get("0:8"), x.get("8:16"), recon.get("8:16")), 0);
            ImageGrid.write(dir.resolve("reconstructions.png"), grid.toFloatArray(), side, 8, 2);
            List<NDArray> prior = new ArrayList<>();
            for (int l = 0; l < model.stochasticLayers(); l++) {
                prior.add(n.uniform(session.manager(), new Shape(64, model.units())));
            }
            ImageGrid.write(dir.resolve("samples.png"), model.generate(64, prior).toFloatArray(), side, 8, 2);
        }
    }
}
