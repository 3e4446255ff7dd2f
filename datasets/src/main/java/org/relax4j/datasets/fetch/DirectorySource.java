package org.relax4j.datasets.fetch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the files (raw or {@code .gz}) from a local directory, e.g. the one the Debian package
 * {@code dataset-fashion-mnist} installs ({@code /usr/share/datasets/fashion-mnist/}). Also serves as
 * a stand-in for a download source in tests.
 */
public final class DirectorySource implements Source {

    private static final Logger LOG = LoggerFactory.getLogger(DirectorySource.class);

    /** The directory the Debian package {@code dataset-fashion-mnist} installs the files into. */
    public static final Path DEBIAN_FASHION_MNIST_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    private final String description;
    private final Path dir;
    private final String missingHint;

    /**
     * @param description what the directory is, for messages
     * @param dir the directory holding the files
     * @param missingHint what to tell the user when the directory or its files are absent (may be
     *     empty)
     */
    public DirectorySource(String description, Path dir, String missingHint) {
        this.description = description;
        this.dir = dir;
        this.missingHint = missingHint == null ? "" : missingHint;
    }

    /** The Debian {@code dataset-fashion-mnist} package's directory. */
    public static DirectorySource debianFashionMnist() {
        return new DirectorySource(
                "Debian package dataset-fashion-mnist (" + DEBIAN_FASHION_MNIST_DIR + ")",
                DEBIAN_FASHION_MNIST_DIR,
                "install it with `sudo apt-get install dataset-fashion-mnist`");
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Map<String, Path> deliver(List<IdxFileSpec> wanted, Path stagingDir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " does not exist" + (missingHint.isEmpty() ? "" : "; " + missingHint));
        }
        Map<String, Path> out = new LinkedHashMap<>();
        for (IdxFileSpec spec : wanted) {
            Path src = PresentFileSource.find(dir, spec);
            if (src == null) {
                continue;
            }
            Path dst = stagingDir.resolve(src.getFileName().toString());
            LOG.info("Copying {}", src);
            Files.copy(src, dst, StandardCopyOption.REPLACE_EXISTING);
            out.put(spec.fileName(), dst);
        }
        if (out.isEmpty()) {
            throw new IOException(
                    "none of the files are in " + dir + (missingHint.isEmpty() ? "" : "; " + missingHint));
        }
        return out;
    }
}
