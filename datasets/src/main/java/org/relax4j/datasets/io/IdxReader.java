package org.relax4j.datasets.io;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads unsigned-byte IDX files (the MNIST format), raw or gzip-compressed (detected from the
 * content, not the name), and checks them strictly: the magic number (2051 for images with 3
 * dimensions, 2049 for labels with 1 dimension), positive dimensions, and a data size that matches
 * the header exactly, with no byte missing and none extra. Any problem raises an {@link
 * IdxFormatException} whose message names the file, what was expected, what was found and the fix.
 *
 * <p>The SHA-256 of the uncompressed content is computed in the same pass.
 */
public final class IdxReader {

    /** Magic number of an unsigned-byte, 3-dimensional IDX file (images). */
    public static final int MAGIC_IMAGES = 0x00000803; // 2051

    /** Magic number of an unsigned-byte, 1-dimensional IDX file (labels). */
    public static final int MAGIC_LABELS = 0x00000801; // 2049

    /** Accept either magic number. */
    public static final int ANY_MAGIC = -1;

    /** The advice appended to every format error. */
    public static final String FIX_HINT = "delete it and run `./relax4j data fetch` to download a verified copy";

    private static final int BUFFER = 1 << 16;

    private IdxReader() {}

    /** Reads {@code file}, accepting images (2051) or labels (2049). */
    public static IdxArray read(Path file) throws IOException {
        return read(file, ANY_MAGIC);
    }

    /**
     * Reads {@code file} and checks that its magic number is {@code expectedMagic} ({@link
     * #MAGIC_IMAGES}, {@link #MAGIC_LABELS} or {@link #ANY_MAGIC}).
     *
     * @throws NoSuchFileException if the file does not exist
     * @throws IdxFormatException if the content is not a complete, well-formed IDX file
     */
    public static IdxArray read(Path file, int expectedMagic) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such IDX file");
        }
        long storedSize = Files.size(file);
        boolean gzipped = isGzip(file);
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER)) {
            InputStream content = gzipped ? new GZIPInputStream(raw, BUFFER) : raw;
            MessageDigest md = Hashes.newSha256();
            try (DigestInputStream in = new DigestInputStream(content, md)) {
                return parse(file, gzipped, storedSize, in, md, expectedMagic);
            }
        } catch (ZipException | EOFException e) {
            // Only the gzip layer throws these (our own checks use readNBytes and lengths).
            throw new IdxFormatException(
                    file,
                    file
                            + " is a corrupt or truncated gzip file (expected a complete gzip stream of an IDX file, found: "
                            + e.getMessage() + "); " + FIX_HINT + ".",
                    e);
        }
    }

    /** Whether {@code file} starts with the gzip magic bytes {@code 1f 8b}. */
    public static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    private static IdxArray parse(
            Path file, boolean gzipped, long storedSize, InputStream in, MessageDigest md, int expectedMagic)
            throws IOException {
        String what = gzipped ? "uncompressed content" : "file";
        byte[] head = in.readNBytes(4);
        if (head.length < 4) {
            throw new IdxFormatException(
                    file,
                    file + " is truncated: expected a 4-byte IDX header (magic number), found " + head.length
                            + " byte(s) in the " + what + "; " + FIX_HINT + ".");
        }
        int magic = readInt(head, 0);
        if (magic != MAGIC_IMAGES && magic != MAGIC_LABELS || expectedMagic != ANY_MAGIC && magic != expectedMagic) {
            String expected = expectedMagic == MAGIC_IMAGES
                    ? "2051 (0x00000803, images)"
                    : expectedMagic == MAGIC_LABELS
                            ? "2049 (0x00000801, labels)"
                            : "2051 (0x00000803, images) or 2049 (0x00000801, labels)";
            throw new IdxFormatException(
                    file,
                    file + " has the wrong magic number: expected " + expected + ", found " + magic
                            + String.format(" (0x%08x)", magic) + ", so it is not the expected MNIST-style IDX file; "
                            + FIX_HINT + ".");
        }
        int ndim = magic & 0xff;
        byte[] dimBytes = in.readNBytes(4 * ndim);
        if (dimBytes.length < 4 * ndim) {
            throw new IdxFormatException(
                    file,
                    file + " is truncated: expected " + (4 + 4 * ndim) + " header bytes (magic + " + ndim
                            + " dimension(s)), found " + (4 + dimBytes.length) + " in the " + what + "; " + FIX_HINT
                            + ".");
        }
        int[] dims = new int[ndim];
        long count = 1;
        for (int i = 0; i < ndim; i++) {
            dims[i] = readInt(dimBytes, 4 * i);
            if (dims[i] <= 0) {
                throw new IdxFormatException(
                        file,
                        file + " has an invalid header: expected positive dimensions, found dimension " + i + " = "
                                + dims[i] + "; " + FIX_HINT + ".");
            }
            count *= dims[i];
            if (count > Integer.MAX_VALUE - 64) {
                throw new IdxFormatException(
                        file,
                        file + " has an invalid header: expected at most " + (Integer.MAX_VALUE - 64)
                                + " data bytes, found dimensions announcing more; " + FIX_HINT + ".");
            }
        }
        long headerSize = 4L + 4L * ndim;
        String shape = shape(dims);
        if (!gzipped && storedSize - headerSize < count) {
            // Fail before allocating and reading: the size on disk already tells.
            throw truncated(file, shape, count, storedSize - headerSize, what);
        }
        byte[] data = in.readNBytes((int) count);
        if (data.length < count) {
            throw truncated(file, shape, count, data.length, what);
        }
        long extra = 0;
        byte[] buf = new byte[BUFFER];
        int n;
        while ((n = in.read(buf)) > 0) {
            extra += n;
        }
        if (extra > 0) {
            throw new IdxFormatException(
                    file,
                    file + " has " + extra + " extra byte(s): expected exactly " + (headerSize + count) + " bytes ("
                            + headerSize + " header + " + count + " data for " + shape + "), found "
                            + (headerSize + count + extra) + " in the " + what + "; " + FIX_HINT + ".");
        }
        return new IdxArray(file, gzipped, magic, dims, data, Hashes.hex(md.digest()));
    }

    private static IdxFormatException truncated(Path file, String shape, long expected, long found, String what) {
        return new IdxFormatException(
                file,
                file + " is truncated: the header announces " + (shape.contains("x") ? shape + " = " : "") + expected
                        + " data bytes, found only "
                        + Math.max(found, 0) + " in the " + what + "; " + FIX_HINT + ".");
    }

    private static String shape(int[] dims) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            sb.append(i == 0 ? "" : "x").append(dims[i]);
        }
        return sb.toString();
    }

    private static int readInt(byte[] b, int off) {
        return (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
    }

    /**
     * Encodes an unsigned-byte IDX file (header + data); used to write test fixtures and by tools
     * that produce IDX files.
     */
    public static byte[] encode(int magic, int[] dims, byte[] data) {
        int ndim = dims.length;
        if ((magic & 0xff) != ndim) {
            throw new IllegalArgumentException(
                    "magic " + magic + " announces " + (magic & 0xff) + " dimensions, got " + ndim);
        }
        byte[] out = new byte[4 + 4 * ndim + data.length];
        writeInt(out, 0, magic);
        for (int i = 0; i < ndim; i++) {
            writeInt(out, 4 + 4 * i, dims[i]);
        }
        System.arraycopy(data, 0, out, 4 + 4 * ndim, data.length);
        return out;
    }

    private static void writeInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
