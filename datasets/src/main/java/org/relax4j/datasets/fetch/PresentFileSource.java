package org.relax4j.datasets.fetch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Files already in the data set's directory, raw ({@code train-images-idx3-ubyte}) or compressed
 * ({@code train-images-idx3-ubyte.gz}); the raw one is preferred when both exist. They are delivered
 * in place: {@link DataFetcher} verifies them there and deletes any that fail.
 */
public final class PresentFileSource implements Source {

    private final Path datasetDir;

    /** Looks for files in {@code datasetDir}. */
    public PresentFileSource(Path datasetDir) {
        this.datasetDir = datasetDir;
    }

    @Override
    public String description() {
        return "files already in " + datasetDir;
    }

    @Override
    public Map<String, Path> deliver(List<IdxFileSpec> wanted, Path stagingDir) throws IOException {
        Map<String, Path> found = new LinkedHashMap<>();
        for (IdxFileSpec spec : wanted) {
            Path p = find(datasetDir, spec);
            if (p != null) {
                found.put(spec.fileName(), p);
            }
        }
        if (found.isEmpty()) {
            throw new IOException("no files there yet");
        }
        return found;
    }

    /** The present file for {@code spec} in {@code dir} (raw preferred), or null. */
    static Path find(Path dir, IdxFileSpec spec) {
        Path raw = dir.resolve(spec.fileName());
        if (Files.isRegularFile(raw)) {
            return raw;
        }
        Path gz = dir.resolve(spec.gzName());
        return Files.isRegularFile(gz) ? gz : null;
    }
}
