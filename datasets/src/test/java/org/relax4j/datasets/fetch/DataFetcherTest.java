package org.relax4j.datasets.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relax4j.datasets.io.Hashes;
import org.relax4j.datasets.io.IdxArray;
import org.relax4j.datasets.io.IdxReader;

class DataFetcherTest {

    @TempDir
    Path tmp;

    Path data;
    Path mirror;
    byte[] images;
    byte[] labels;
    IdxFileSpec imagesSpec;
    IdxFileSpec labelsSpec;

    @BeforeEach
    void setUp() throws IOException {
        data = tmp.resolve("data/toy");
        mirror = Files.createDirectories(tmp.resolve("mirror"));
        byte[] px = new byte[4 * 3 * 3];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 37);
        }
        images = IdxReader.encode(IdxReader.MAGIC_IMAGES, new int[] {4, 3, 3}, px);
        labels = IdxReader.encode(IdxReader.MAGIC_LABELS, new int[] {4}, new byte[] {3, 1, 4, 1});
        imagesSpec = new IdxFileSpec("toy-images", IdxReader.MAGIC_IMAGES, List.of(4, 3, 3), Hashes.sha256(images));
        labelsSpec = new IdxFileSpec("toy-labels", IdxReader.MAGIC_LABELS, List.of(4), Hashes.sha256(labels));
    }

    static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(b);
        }
        return bos.toByteArray();
    }

    static byte[] flipOneByte(byte[] b) {
        byte[] c = b.clone();
        c[c.length - 2] ^= 0x01; // a data byte: structure stays valid, checksum does not
        return c;
    }

    private DataFetcher fetcher(Source... sources) {
        return new DataFetcher("Toy", data, List.of(imagesSpec, labelsSpec), List.of(sources));
    }

    private List<String> dataDirListing() throws IOException {
        if (!Files.isDirectory(data)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(data)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static Source failIfCalled() {
        return new Source() {
            @Override
            public String description() {
                return "must not be used";
            }

            @Override
            public Map<String, Path> deliver(List<IdxFileSpec> wanted, Path stagingDir) {
                throw new AssertionError("source consulted although files were already verified: " + wanted);
            }
        };
    }

    @Test
    void fetchesVerifiesAndStoresFromADirectorySource() throws IOException {
        Files.write(mirror.resolve("toy-images.gz"), gzip(images));
        Files.write(mirror.resolve("toy-labels"), labels);
        Map<String, IdxArray> got = fetcher(new PresentFileSource(data), new DirectorySource("mirror", mirror, ""))
                .fetch();
        assertEquals(Hashes.sha256(images), got.get("toy-images").sha256());
        assertEquals(data.resolve("toy-images.gz"), got.get("toy-images").file());
        assertEquals(List.of("toy-images.gz", "toy-labels"), dataDirListing(), "kept as delivered, no staging left");
        // Second run: everything is present and verified in place; later sources are not consulted.
        got = fetcher(new PresentFileSource(data), failIfCalled()).fetch();
        assertEquals(Hashes.sha256(labels), got.get("toy-labels").sha256());
    }

    /**
     * A data directory that already holds every file, verified, is used as it is: nothing is
     * written there (its modification time stays put, no staging directory comes and goes), so a
     * read-only directory is accepted.
     */
    @Test
    void verifiedDirectoryIsUsedWithoutWritingToIt() throws IOException {
        Files.createDirectories(data);
        Files.write(data.resolve("toy-images"), images);
        Files.write(data.resolve("toy-labels.gz"), gzip(labels));
        FileTime old = FileTime.from(Instant.parse("2001-02-03T04:05:06Z"));
        Files.setLastModifiedTime(data, old);
        Map<String, IdxArray> got =
                fetcher(new PresentFileSource(data), failIfCalled()).fetch();
        assertEquals(Hashes.sha256(labels), got.get("toy-labels").sha256());
        assertEquals(old, Files.getLastModifiedTime(data), "the data directory was written to");
        assertEquals(List.of("toy-images", "toy-labels.gz"), dataDirListing());
    }

    /** The same with real permissions: a read-only directory of verified files is not refused. */
    @Test
    void readOnlyVerifiedDirectoryIsAccepted() throws IOException {
        Files.createDirectories(data);
        Files.write(data.resolve("toy-images"), images);
        Files.write(data.resolve("toy-labels"), labels);
        Set<PosixFilePermission> before = Files.getPosixFilePermissions(data);
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Assumptions.assumeFalse(
                    Files.isWritable(data),
                    "running as root: permission bits do not stop writes, so the directory cannot be made read-only");
            Map<String, IdxArray> got =
                    fetcher(new PresentFileSource(data), failIfCalled()).fetch();
            assertEquals(Hashes.sha256(images), got.get("toy-images").sha256());
        } finally {
            Files.setPosixFilePermissions(data, before);
        }
    }

    @Test
    void flippedByteIsRejectedAndNotLeftInTheDataDirectory() throws IOException {
        Files.write(mirror.resolve("toy-images"), flipOneByte(images));
        Files.write(mirror.resolve("toy-labels"), labels);
        IOException e = assertThrows(
                IOException.class,
                () -> fetcher(new PresentFileSource(data), new DirectorySource("mirror", mirror, ""))
                        .fetch());
        String m = e.getMessage();
        assertTrue(m.contains("toy-images"), m);
        assertTrue(m.contains("SHA-256 mismatch"), m);
        assertTrue(m.contains(Hashes.sha256(images)), "names the expected hash: " + m);
        assertTrue(m.contains(Hashes.sha256(flipOneByte(images))), "names the actual hash: " + m);
        assertEquals(List.of("toy-labels"), dataDirListing(), "bad file discarded, good one kept, no staging left");
    }

    @Test
    void badCandidateFallsThroughToTheNextSource() throws IOException {
        Path bad = Files.createDirectories(tmp.resolve("bad"));
        Files.write(bad.resolve("toy-images.gz"), gzip(flipOneByte(images)));
        Files.write(bad.resolve("toy-labels"), labels);
        Files.write(mirror.resolve("toy-images"), images);
        Map<String, IdxArray> got = fetcher(
                        new DirectorySource("bad", bad, ""), new DirectorySource("good", mirror, ""))
                .fetch();
        assertEquals(Hashes.sha256(images), got.get("toy-images").sha256());
        assertEquals(List.of("toy-images", "toy-labels"), dataDirListing());
    }

    @Test
    void corruptPresentFileIsDeletedAndReplaced() throws IOException {
        Files.createDirectories(data);
        Files.write(data.resolve("toy-images"), flipOneByte(images));
        Files.write(data.resolve("toy-labels.gz"), gzip(labels));
        Files.write(mirror.resolve("toy-images.gz"), gzip(images));
        Map<String, IdxArray> got = fetcher(new PresentFileSource(data), new DirectorySource("mirror", mirror, ""))
                .fetch();
        assertEquals(Hashes.sha256(images), got.get("toy-images").sha256());
        assertEquals(List.of("toy-images.gz", "toy-labels.gz"), dataDirListing());
    }

    @Test
    void truncatedPresentFileIsDeletedWhenNoSourceHasIt() throws IOException {
        Files.createDirectories(data);
        Files.write(data.resolve("toy-images"), java.util.Arrays.copyOf(images, images.length - 3));
        Files.write(data.resolve("toy-labels"), labels);
        IOException e = assertThrows(
                IOException.class,
                () -> fetcher(new PresentFileSource(data), new DirectorySource("empty", mirror, "try harder"))
                        .fetch());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("try harder"), e.getMessage());
        assertEquals(List.of("toy-labels"), dataDirListing());
    }

    @Test
    void inspectReportsWithoutChangingAnything() throws IOException {
        Files.createDirectories(data);
        Files.write(data.resolve("toy-images"), flipOneByte(images));
        List<FileStatus> st = fetcher().inspect();
        assertEquals(FileStatus.State.MISMATCH, st.get(0).state());
        assertEquals(Hashes.sha256(flipOneByte(images)), st.get(0).actualSha256());
        assertEquals(FileStatus.State.MISSING, st.get(1).state());
        assertNull(st.get(1).path());
        assertTrue(Files.exists(data.resolve("toy-images")), "inspect deletes nothing");
    }

    @Test
    void wrongShapeIsRejectedEvenWithoutAChecksum() throws IOException {
        IdxFileSpec unchecked = new IdxFileSpec("toy-images", IdxReader.MAGIC_IMAGES, List.of(5, 3, 3), null);
        Files.write(mirror.resolve("toy-images"), images);
        DataFetcher f = new DataFetcher("Toy", data, List.of(unchecked), List.of(new DirectorySource("m", mirror, "")));
        IOException e = assertThrows(IOException.class, f::fetch);
        assertTrue(e.getMessage().contains("expected 5x3x3, found 4x3x3"), e.getMessage());
        assertEquals(List.of(), dataDirListing());
    }

    @Test
    void httpMirrorDownloadsGzAndBadDownloadIsDiscarded() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/m/", ex -> {
            String name = ex.getRequestURI().getPath().substring(3);
            byte[] body = switch (name) {
                case "toy-images.gz" -> gzip(flipOneByte(images));
                case "toy-labels.gz" -> gzip(labels);
                default -> null;
            };
            if (body == null) {
                ex.sendResponseHeaders(404, -1);
            } else {
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(body);
                }
            }
            ex.close();
        });
        server.start();
        try {
            URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/m/");
            Files.write(mirror.resolve("toy-images"), images);
            Map<String, IdxArray> got = fetcher(
                            new PresentFileSource(data),
                            new HttpMirrorSource(base, Duration.ofSeconds(2)),
                            new DirectorySource("fallback", mirror, ""))
                    .fetch();
            assertEquals(data.resolve("toy-labels.gz"), got.get("toy-labels").file(), "downloaded .gz kept");
            assertEquals(data.resolve("toy-images"), got.get("toy-images").file(), "bad download replaced by fallback");
            assertEquals(List.of("toy-images", "toy-labels.gz"), dataDirListing());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void unreachableMirrorFailsFastAndFallsThrough() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Files.write(mirror.resolve("toy-images"), images);
        Files.write(mirror.resolve("toy-labels"), labels);
        long t0 = System.nanoTime();
        fetcher(
                        new HttpMirrorSource(URI.create("http://127.0.0.1:" + port + "/x/"), Duration.ofSeconds(2)),
                        new HttpMirrorSource(URI.create("http://no-such-host.invalid/x/"), Duration.ofSeconds(2)),
                        new DirectorySource("mirror", mirror, ""))
                .fetch();
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(seconds < 10, "took " + seconds + " s");
        assertEquals(List.of("toy-images", "toy-labels"), dataDirListing());
    }

    @Test
    void allSourcesFailingGivesOneLineNamingEachSource() {
        IOException e = assertThrows(
                IOException.class,
                () -> fetcher(
                                new PresentFileSource(data),
                                new DirectorySource(
                                        "Debian package x",
                                        tmp.resolve("absent"),
                                        "install it with `apt-get install x`"))
                        .fetch());
        String m = e.getMessage();
        assertTrue(m.contains("toy-images, toy-labels"), m);
        assertTrue(m.contains("apt-get install x"), m);
        assertFalse(m.contains("\n"), m);
    }

    @Test
    void dataDirectoryResolution() {
        Path explicit = tmp.resolve("explicit");
        assertEquals(explicit, DataDirectory.resolve(explicit, Map.of("RELAX4J_DATA", "/env"), "/home/u"));
        assertEquals(Path.of("/env"), DataDirectory.resolve(null, Map.of("RELAX4J_DATA", "/env"), "/home/u"));
        assertEquals(
                Path.of("/home/u/.relax4j/data"), DataDirectory.resolve(null, Map.of("RELAX4J_DATA", " "), "/home/u"));
        assertEquals(Path.of("/home/u/.relax4j/data"), DataDirectory.resolve(null, Map.of(), "/home/u"));
    }
}
