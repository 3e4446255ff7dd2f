package org.relax4j.datasets;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.relax4j.datasets.io.AtomicFiles;
import org.relax4j.datasets.io.Hashes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The static binarization: one fixed Bernoulli sample of the grey levels.
 *
 * <p>Pixel {@code j} of the example with global index {@code g} (training file 0..59,999, test file
 * 60,000..69,999) is on iff {@link CounterRandom#bernoulliGrey}{@code (bits(base(seed, DOMAIN, g),
 * j), pixel)}. With {@link Binarization#STATIC_SEED} = 0x5EED this defines Relax4J's statically
 * binarized MNIST: the same bits on every machine, independent of batch size or split boundaries.
 *
 * <p>It is cheap to compute (well under a second) but is also cached next to the data, in {@code
 * <dataset dir>/static-binarized-seed-5eed.bin}, written atomically. The cache file holds a header
 * (format tag, seed, rows, pixels per row, fingerprint of the source images), the bits packed
 * most-significant-first, and a SHA-256 of all that; on reload everything is checked, and a cache
 * that does not match is recomputed and rewritten.
 */
public final class StaticBinarization {

    private static final Logger LOG = LoggerFactory.getLogger(StaticBinarization.class);

    /** Domain tag of the static binarization in {@link CounterRandom#base}. */
    static final long DOMAIN = 0x57A71CL;

    private static final byte[] FORMAT = "R4JSBIN1".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = FORMAT.length + 8 + 4 + 4 + 32;

    private StaticBinarization() {}

    /**
     * Computes the binarization of {@code pixels} (N·dim grey levels 0..255) whose first row has
     * global index {@code globalOffset}; returns N·dim bytes, each 0 or 1.
     */
    public static byte[] compute(byte[] pixels, int dim, long globalOffset, long seed) {
        int rows = pixels.length / dim;
        byte[] out = new byte[pixels.length];
        IntStream.range(0, rows).parallel().forEach(i -> {
            long base = CounterRandom.base(seed, DOMAIN, globalOffset + i);
            int off = i * dim;
            for (int j = 0; j < dim; j++) {
                out[off + j] = CounterRandom.bernoulliGrey(CounterRandom.bits(base, j), pixels[off + j] & 0xff)
                        ? (byte) 1
                        : (byte) 0;
            }
        });
        return out;
    }

    /** Computes the binarization of a split with its own global indices and {@code seed}. */
    public static byte[] compute(SplitData split, long seed) {
        return compute(split.rawPixels(), split.dim(), split.globalOffset(), seed);
    }

    /** The cache file for {@code seed} in {@code datasetDir}. */
    public static Path cacheFile(Path datasetDir, long seed) {
        return datasetDir.resolve(String.format("static-binarized-seed-%x.bin", seed));
    }

    /**
     * Loads the binarization of {@code pixels} (rows numbered from global index 0) from {@code
     * cacheFile} if it is there and verifies, else computes it and writes the cache atomically
     * (a cache that cannot be written is only logged).
     *
     * @param fingerprint identifies the source images (e.g. their SHA-256s); a cache made from other
     *     images is not used
     */
    public static byte[] loadOrCompute(Path cacheFile, byte[] pixels, int dim, long seed, String fingerprint) {
        int rows = pixels.length / dim;
        byte[] fp = Hashes.newSha256().digest(fingerprint.getBytes(StandardCharsets.UTF_8));
        if (Files.isRegularFile(cacheFile)) {
            try {
                byte[] bits = read(cacheFile, rows, dim, seed, fp);
                LOG.debug("Loaded static binarization from {}", cacheFile);
                return bits;
            } catch (IOException e) {
                LOG.warn("Static binarization cache {} is not usable ({}); recomputing it", cacheFile, e.getMessage());
            }
        }
        long t0 = System.nanoTime();
        byte[] bits = compute(pixels, dim, 0, seed);
        LOG.info(
                "Computed static binarization (seed 0x{}) in {} ms",
                Long.toHexString(seed),
                (System.nanoTime() - t0) / 1_000_000);
        try {
            AtomicFiles.write(cacheFile, encode(bits, rows, dim, seed, fp));
            makeWorldReadable(cacheFile);
            LOG.info("Cached static binarization in {}", cacheFile);
        } catch (IOException e) {
            LOG.warn("Could not write static binarization cache {}: {}", cacheFile, e.getMessage());
        }
        return bits;
    }

    /** Temporary files are created owner-only; a data cache may be shared like the data (best effort). */
    private static void makeWorldReadable(Path file) {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("could not change permissions of {}", file, e);
        }
    }

    /** Checks whether {@code cacheFile} holds a valid cache for these parameters. */
    public static boolean isCacheValid(Path cacheFile, int rows, int dim, long seed, String fingerprint) {
        byte[] fp = Hashes.newSha256().digest(fingerprint.getBytes(StandardCharsets.UTF_8));
        try {
            read(cacheFile, rows, dim, seed, fp);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static byte[] encode(byte[] bits, int rows, int dim, long seed, byte[] fingerprint) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream(HEADER + bits.length / 8 + 64);
        DataOutputStream out = new DataOutputStream(bos);
        out.write(FORMAT);
        out.writeLong(seed);
        out.writeInt(rows);
        out.writeInt(dim);
        out.write(fingerprint);
        byte[] packed = new byte[(bits.length + 7) / 8];
        for (int k = 0; k < bits.length; k++) {
            if (bits[k] != 0) {
                packed[k >>> 3] |= (byte) (0x80 >>> (k & 7));
            }
        }
        out.write(packed);
        out.flush();
        byte[] body = bos.toByteArray();
        byte[] sum = Hashes.newSha256().digest(body);
        byte[] all = Arrays.copyOf(body, body.length + sum.length);
        System.arraycopy(sum, 0, all, body.length, sum.length);
        return all;
    }

    private static byte[] read(Path file, int rows, int dim, long seed, byte[] fingerprint) throws IOException {
        long n = (long) rows * dim;
        long expectedLength = HEADER + (n + 7) / 8 + 32;
        long size = Files.size(file);
        if (size != expectedLength) {
            throw new IOException("expected " + expectedLength + " bytes, found " + size);
        }
        byte[] all = Files.readAllBytes(file);
        int bodyLen = all.length - 32;
        MessageDigest md = Hashes.newSha256();
        md.update(all, 0, bodyLen);
        if (!Arrays.equals(md.digest(), Arrays.copyOfRange(all, bodyLen, all.length))) {
            throw new IOException("checksum mismatch (file corrupt)");
        }
        ByteBuffer b = ByteBuffer.wrap(all);
        byte[] format = new byte[FORMAT.length];
        b.get(format);
        if (!Arrays.equals(format, FORMAT)) {
            throw new IOException("unknown format");
        }
        long s = b.getLong();
        int r = b.getInt();
        int d = b.getInt();
        byte[] fp = new byte[32];
        b.get(fp);
        if (s != seed || r != rows || d != dim) {
            throw new IOException("made for seed 0x" + Long.toHexString(s) + ", " + r + "x" + d + "; expected seed 0x"
                    + Long.toHexString(seed) + ", " + rows + "x" + dim);
        }
        if (!Arrays.equals(fp, fingerprint)) {
            throw new IOException("made from different images");
        }
        byte[] bits = new byte[(int) n];
        int base = HEADER;
        for (int k = 0; k < bits.length; k++) {
            bits[k] = (byte) ((all[base + (k >>> 3)] >>> (7 - (k & 7))) & 1);
        }
        return bits;
    }
}
