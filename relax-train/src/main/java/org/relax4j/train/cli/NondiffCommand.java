package org.relax4j.train.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.relax4j.core.nondiff.estimator.ReparamNondiffEstimator;
import org.relax4j.datasets.io.AtomicFiles;
import org.relax4j.train.nondiff.NondiffExperiment;
import org.relax4j.train.nondiff.NondiffRunConfig;
import org.relax4j.train.nondiff.VarianceTable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code relax4j nondiff}: variational inference on the non-differentiable benchmarks of Lee, Yu
 * &amp; Yang (NeurIPS 2018) with the score, reparameterization (biased) and reparam-nondiff
 * estimators; {@code relax4j nondiff table DIR...} combines runs into one variance-ratio table.
 */
@Command(
        name = "nondiff",
        mixinStandardHelpOptions = true,
        description = {
            "Non-differentiable models (Lee, Yu & Yang 2018): ELBO ascent on a benchmark.",
            "Adam ascent on the ELBO of temperature, textmsg or influenza with one or more gradient"
                    + " estimators. Logs the ELBO and the gradient variance, plots the ELBO curves and"
                    + " writes the variance-ratio table (ratios to SCORE) next to the published one.",
            "",
            "Example: relax4j nondiff --model textmsg --estimator score,reparam,reparam-nondiff --iterations 10000"
                    + " --lr 0.001 --samples 1 --variance-samples 16 --out runs/textmsg",
            ""
        },
        subcommands = {NondiffCommand.Table.class})
public final class NondiffCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "NAME", description = "Benchmark: temperature, textmsg or influenza.")
    String model;

    @Option(
            names = "--estimator",
            paramLabel = "NAMES",
            defaultValue = "score,reparam,reparam-nondiff",
            description = "Comma-separated estimators: score, reparam, reparam-nondiff (default: ${DEFAULT-VALUE}).")
    String estimators;

    @Option(
            names = "--iterations",
            defaultValue = "10000",
            description = "Adam iterations per estimator (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--lr", defaultValue = "0.001", description = "Adam step size (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(
            names = "--samples",
            defaultValue = "1",
            description = "Samples per gradient estimate, N (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(
            names = "--variance-samples",
            defaultValue = "16",
            description = "Independent estimates per variance measurement, M >= 2 (default: ${DEFAULT-VALUE}).")
    int varianceSamples;

    @Option(
            names = "--log-every",
            defaultValue = "100",
            description = "Iterations between logged ELBOs (default: ${DEFAULT-VALUE}).")
    int logEvery;

    @Option(
            names = "--variance-every",
            paramLabel = "K",
            description = "Iterations between variance measurements (default: --log-every; the paper measured at every"
                    + " iteration, K = 1).")
    Integer varianceEvery;

    @Option(
            names = "--elbo-samples",
            defaultValue = "1000",
            description = "Samples per logged ELBO (default: ${DEFAULT-VALUE}).")
    int elboSamples;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--surface",
            defaultValue = "subsample",
            paramLabel = "MODE",
            description = "reparam-nondiff boundary sum: subsample (one boundary per sample, times K, as in the paper)"
                    + " or all (default: ${DEFAULT-VALUE}).")
    String surface;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (created if needed).")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (model == null) {
            throw new IllegalArgumentException(
                    "--model is required (temperature, textmsg or influenza); see relax4j nondiff --help");
        }
        if (out == null) {
            throw new IllegalArgumentException("--out DIR is required; see relax4j nondiff --help");
        }
        List<String> names = new ArrayList<>();
        for (String s : estimators.split(",")) {
            if (!s.isBlank()) {
                names.add(s.strip().toLowerCase(Locale.ROOT));
            }
        }
        ReparamNondiffEstimator.Surface mode;
        switch (surface.toLowerCase(Locale.ROOT)) {
            case "subsample":
                mode = ReparamNondiffEstimator.Surface.SUBSAMPLE;
                break;
            case "all":
                mode = ReparamNondiffEstimator.Surface.ALL;
                break;
            default:
                throw new IllegalArgumentException("unknown --surface '" + surface + "'; choose subsample or all");
        }
        NondiffRunConfig cfg = new NondiffRunConfig(
                model.toLowerCase(Locale.ROOT),
                names,
                iterations,
                lr,
                samples,
                varianceSamples,
                logEvery,
                varianceEvery == null ? logEvery : varianceEvery,
                elboSamples,
                seed,
                mode,
                out);
        PrintWriter w = spec.commandLine().getOut();
        NondiffExperiment.run(cfg, w);
        w.println("wrote " + out.resolve("metrics.jsonl") + ", " + out.resolve("elbo.png") + ", "
                + out.resolve("variance_ratios.md"));
        w.flush();
        return 0;
    }

    /** {@code relax4j nondiff table}: one table from several run directories. */
    @Command(
            name = "table",
            mixinStandardHelpOptions = true,
            description = "Combine relax4j nondiff runs (one per model) into one variance-ratio table, printed"
                    + " and optionally written as Markdown.")
    static final class Table implements Callable<Integer> {

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "Output directories of relax4j nondiff runs.")
        List<Path> runs;

        @Option(names = "--out", paramLabel = "FILE", description = "Also write the table to FILE (Markdown).")
        Path outFile;

        @Override
        public Integer call() throws IOException {
            List<VarianceTable.Run> rs = new ArrayList<>();
            for (Path p : runs) {
                rs.add(VarianceTable.read(p));
            }
            String md = "# Reparameterization for non-differentiable models: variance ratios\n\n"
                    + VarianceTable.markdown(rs);
            if (outFile != null) {
                AtomicFiles.writeString(outFile, md);
            }
            PrintWriter w = spec.commandLine().getOut();
            w.println(md);
            w.flush();
            return 0;
        }
    }
}
