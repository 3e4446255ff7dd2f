package org.relax4j.train.cli;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.relax4j.datasets.Split;
import org.relax4j.datasets.SplitData;
import org.relax4j.datasets.io.AtomicFiles;
import org.relax4j.models.sbn.VaeModel;
import org.relax4j.train.metrics.MetricsLog;
import org.relax4j.train.progress.Progress;
import org.relax4j.train.run.RunDirectory;
import org.relax4j.train.vae.Checkpoint;
import org.relax4j.train.vae.TrainConfig;
import org.relax4j.train.vae.VaeRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code relax4j eval}: IWAE-k and ELBO of a trained run on a split. */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = {
            "Evaluate a run's checkpoint: IWAE-k and ELBO on a split.",
            "Writes DIR/eval-<split>-k<k>.json, holding DIR (not while `train` writes it)."
        })
public final class EvalCommand implements Callable<Integer> {

    @Option(names = "--run", required = true, paramLabel = "DIR", description = "run directory of `relax4j train`")
    Path run;

    @Option(
            names = "--k",
            defaultValue = "1000",
            description = "importance samples per example (default: ${DEFAULT-VALUE})")
    int k;

    @Option(
            names = "--split",
            defaultValue = "test",
            description = "train, validation or test (default: ${DEFAULT-VALUE})")
    String split;

    @Option(
            names = "--examples",
            defaultValue = "0",
            description = "first N examples of the split, 0 = all (default: ${DEFAULT-VALUE})")
    int examples;

    @Option(names = "--no-progress", description = "no progress bar")
    boolean noProgress;

    @Override
    public Integer call() throws IOException {
        Split which = parseSplit(split);
        if (k <= 0 || examples < 0) {
            throw new IllegalArgumentException("--k must be positive and --examples >= 0");
        }
        TrainConfig config = TrainConfig.read(run);
        try (RunDirectory held = RunDirectory.open(run, "evaluate a copy of the directory");
                VaeRun session = VaeRun.create(config)) {
            Checkpoint.Restored restored = session.loadCheckpoint(run.resolve(Checkpoint.FILE));
            SplitData data = session.data().split(which);
            long total = examples <= 0 ? data.size() : Math.min(examples, data.size());
            long start = System.nanoTime();
            VaeModel.Evaluation e;
            if (noProgress) {
                e = session.evaluate(data, k, examples);
            } else {
                try (Progress progress = Progress.start("eval IWAE-" + k, 0, total, "examples")) {
                    e = session.evaluate(data, k, examples, done -> progress.update(done, ""));
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            JsonObject out = new JsonObject();
            out.addProperty("split", which.name().toLowerCase());
            out.addProperty("step", restored.step());
            out.addProperty("k", k);
            out.addProperty("examples", e.examples());
            out.addProperty("iwae", e.iwae());
            out.addProperty("elbo", e.elbo());
            out.addProperty("seconds", seconds);
            Path file = run.resolve("eval-" + which.name().toLowerCase() + "-k" + k + ".json");
            AtomicFiles.writeString(file, MetricsLog.GSON.toJson(out) + "\n");
            System.out.printf(
                    "%s step %d, %s (%d examples): IWAE-%d %.3f, ELBO %.3f  (%.1f s) -> %s%n",
                    run,
                    restored.step(),
                    which.name().toLowerCase(),
                    e.examples(),
                    k,
                    e.iwae(),
                    e.elbo(),
                    seconds,
                    file);
        }
        return 0;
    }

    static Split parseSplit(String name) {
        for (Split s : Split.values()) {
            if (s.name().equalsIgnoreCase(name) || (s == Split.VALIDATION && "valid".equalsIgnoreCase(name))) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown split '" + name + "'; choose train, validation or test");
    }
}
