package org.relax4j.datasets.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    @TempDir
    Path dir;

    static byte[] images() {
        byte[] data = new byte[3 * 2 * 2];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 21 + 7);
        }
        return IdxReader.encode(IdxReader.MAGIC_IMAGES, new int[] {3, 2, 2}, data);
    }

    static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(b);
        }
        return bos.toByteArray();
    }

    private Path write(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    private IdxFormatException fails(Path p, int magic) {
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(p, magic));
        assertTrue(e.getMessage().contains(p.toString()), "message names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains("relax4j data fetch"), "message says how to fix: " + e.getMessage());
        assertEquals(p, e.file());
        return e;
    }

    @Test
    void roundTripsRawImages() throws IOException {
        byte[] content = images();
        IdxArray a = IdxReader.read(write("img", content));
        assertFalse(a.gzipped());
        assertEquals(IdxReader.MAGIC_IMAGES, a.magic());
        assertArrayEquals(new int[] {3, 2, 2}, a.dims());
        assertEquals(3, a.count());
        assertEquals(4, a.itemSize());
        assertArrayEquals(Arrays.copyOfRange(content, 16, content.length), a.data());
        assertEquals(Hashes.sha256(content), a.sha256());
        assertEquals("3x2x2", a.shapeString());
    }

    @Test
    void roundTripsGzippedFilesWhateverTheirName() throws IOException {
        byte[] content = images();
        for (String name : new String[] {"img.gz", "img-no-suffix"}) {
            IdxArray a = IdxReader.read(write(name, gzip(content)), IdxReader.MAGIC_IMAGES);
            assertTrue(a.gzipped());
            assertArrayEquals(new int[] {3, 2, 2}, a.dims());
            assertArrayEquals(Arrays.copyOfRange(content, 16, content.length), a.data());
            assertEquals(Hashes.sha256(content), a.sha256(), "hash is of the uncompressed content");
        }
    }

    @Test
    void roundTripsLabels() throws IOException {
        byte[] labels = {0, 1, 2, 9, 5};
        byte[] content = IdxReader.encode(IdxReader.MAGIC_LABELS, new int[] {5}, labels);
        IdxArray a = IdxReader.read(write("lab.gz", gzip(content)), IdxReader.MAGIC_LABELS);
        assertArrayEquals(labels, a.data());
        assertEquals(1, a.itemSize());
    }

    @Test
    void truncatedRawFileNamesExpectedAndFound() throws IOException {
        byte[] content = images();
        Path p = write("img", Arrays.copyOf(content, content.length - 5));
        String m = fails(p, IdxReader.MAGIC_IMAGES).getMessage();
        assertTrue(m.contains("truncated"), m);
        assertTrue(m.contains("3x2x2 = 12 data bytes"), m);
        assertTrue(m.contains("found only 7"), m);
    }

    @Test
    void truncatedContentInsideCompleteGzip() throws IOException {
        byte[] content = images();
        Path p = write("img.gz", gzip(Arrays.copyOf(content, content.length - 1)));
        String m = fails(p, IdxReader.ANY_MAGIC).getMessage();
        assertTrue(m.contains("truncated") && m.contains("found only 11") && m.contains("uncompressed"), m);
    }

    @Test
    void truncatedHeader() throws IOException {
        String m = fails(write("img", Arrays.copyOf(images(), 10)), IdxReader.ANY_MAGIC)
                .getMessage();
        assertTrue(m.contains("truncated") && m.contains("expected 16 header bytes") && m.contains("found 10"), m);
        m = fails(write("empty", new byte[0]), IdxReader.ANY_MAGIC).getMessage();
        assertTrue(m.contains("4-byte IDX header") && m.contains("found 0"), m);
    }

    @Test
    void truncatedGzipStream() throws IOException {
        byte[] gz = gzip(images());
        Path p = write("img.gz", Arrays.copyOf(gz, gz.length - 12));
        String m = fails(p, IdxReader.ANY_MAGIC).getMessage();
        assertTrue(m.contains("corrupt or truncated gzip"), m);
    }

    @Test
    void corruptGzipStream() throws IOException {
        // Large, compressible content so the deflate stream has a body to corrupt.
        byte[] data = new byte[200 * 28 * 28];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i % 97 < 40 ? 0 : i * 31);
        }
        byte[] gz = gzip(IdxReader.encode(IdxReader.MAGIC_IMAGES, new int[] {200, 28, 28}, data));
        gz[gz.length / 2] ^= 0x5a;
        gz[gz.length / 2 + 1] ^= 0x33;
        String m = fails(write("img.gz", gz), IdxReader.ANY_MAGIC).getMessage();
        assertTrue(m.contains("gzip") || m.contains("truncated"), m);
    }

    @Test
    void wrongMagic() throws IOException {
        byte[] content = images();
        content[3] = 0x04; // 0x00000804 = 2052
        String m = fails(write("img", content), IdxReader.ANY_MAGIC).getMessage();
        assertTrue(
                m.contains("wrong magic number")
                        && m.contains("expected 2051")
                        && m.contains("2049")
                        && m.contains("found 2052"),
                m);
    }

    @Test
    void labelsWhereImagesExpected() throws IOException {
        Path p = write("lab", IdxReader.encode(IdxReader.MAGIC_LABELS, new int[] {2}, new byte[] {1, 2}));
        String m = fails(p, IdxReader.MAGIC_IMAGES).getMessage();
        assertTrue(m.contains("expected 2051") && m.contains("found 2049"), m);
    }

    @Test
    void extraBytesAreRejected() throws IOException {
        byte[] content = images();
        byte[] longer = Arrays.copyOf(content, content.length + 3);
        String m = fails(write("img", longer), IdxReader.ANY_MAGIC).getMessage();
        assertTrue(
                m.contains("3 extra byte(s)") && m.contains("expected exactly 28 bytes") && m.contains("found 31"), m);
        m = fails(write("img.gz", gzip(longer)), IdxReader.ANY_MAGIC).getMessage();
        assertTrue(m.contains("3 extra byte(s)"), m);
    }

    @Test
    void nonPositiveDimension() throws IOException {
        byte[] content = IdxReader.encode(IdxReader.MAGIC_IMAGES, new int[] {1, 1, 1}, new byte[] {1});
        content[8] = (byte) 0x80; // dim 1 negative
        String m = fails(write("img", content), IdxReader.ANY_MAGIC).getMessage();
        assertTrue(m.contains("positive dimensions"), m);
    }

    @Test
    void missingFile() {
        assertThrows(NoSuchFileException.class, () -> IdxReader.read(dir.resolve("nope")));
    }
}
