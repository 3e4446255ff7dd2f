package org.relax4j.datasets.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TarReaderTest {

    /** Writes a ustar header + data + padding. */
    static void entry(ByteArrayOutputStream out, String name, byte[] data, char type) {
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, "0000644");
        put(h, 108, "0001750");
        put(h, 116, "0001750");
        put(h, 124, String.format("%011o", data.length));
        put(h, 136, String.format("%011o", 0));
        h[156] = (byte) type;
        put(h, 257, "ustar");
        put(h, 263, "00");
        Arrays.fill(h, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
        h[155] = ' ';
        out.writeBytes(h);
        out.writeBytes(data);
        out.writeBytes(new byte[(512 - data.length % 512) % 512]);
    }

    private static void put(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, off, b.length);
    }

    static byte[] archive() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        entry(out, "package/readme.md", "hello".getBytes(StandardCharsets.UTF_8), '0');
        entry(out, "package/data/", new byte[0], '5');
        byte[] big = new byte[1300];
        Arrays.fill(big, (byte) 7);
        entry(out, "package/data/x", big, '0');
        String longName = "package/" + "d".repeat(120) + "/y";
        entry(out, "././@LongLink", (longName + "\0").getBytes(StandardCharsets.UTF_8), 'L');
        entry(out, "truncated-name", new byte[] {1, 2, 3}, '0');
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    @Test
    void readsEntriesSkipsUnwantedAndHonoursLongNames() throws IOException {
        TarReader tar = new TarReader(new ByteArrayInputStream(archive()));
        TarReader.Entry e = tar.next();
        assertEquals("package/readme.md", e.name());
        assertTrue(e.isFile());
        e = tar.next(); // not copied: skipped
        assertEquals("package/data/", e.name());
        assertEquals('5', e.type());
        e = tar.next();
        assertEquals("package/data/x", e.name());
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        tar.copyEntryTo(got);
        assertEquals(1300, got.size());
        assertEquals(7, got.toByteArray()[1299]);
        e = tar.next();
        assertEquals("package/" + "d".repeat(120) + "/y", e.name());
        got.reset();
        tar.copyEntryTo(got);
        assertArrayEquals(new byte[] {1, 2, 3}, got.toByteArray());
        assertNull(tar.next());
    }

    @Test
    void corruptHeaderChecksumIsDetected() {
        byte[] a = archive();
        a[3] ^= 1;
        IOException e = assertThrows(IOException.class, () -> new TarReader(new ByteArrayInputStream(a)).next());
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    }

    @Test
    void truncatedArchiveIsDetected() throws IOException {
        byte[] a = Arrays.copyOf(archive(), 4 * 512 + 700);
        TarReader tar = new TarReader(new ByteArrayInputStream(a));
        tar.next();
        tar.next();
        tar.next();
        IOException e = assertThrows(IOException.class, () -> tar.copyEntryTo(new ByteArrayOutputStream()));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }
}
