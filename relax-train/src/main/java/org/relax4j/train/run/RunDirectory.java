package org.relax4j.train.run;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.relax4j.datasets.io.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A directory that one process writes into, held exclusively from {@link #open} to
 * {@link #close}.
 *
 * <p>The lock is an operating-system lock ({@link FileChannel#tryLock()}) on {@code DIR/.lock},
 * which also records the holder's process id, host and start time so that a refused second
 * writer can say who holds the directory. The operating system drops the lock when the holder
 * exits, however it exits (kill -9 included), so a {@code .lock} file left by a dead process never
 * blocks anyone: only a live holder does. Within one JVM a directory can be held once.
 *
 * <p>Once the lock is held, the temporary files that interrupted atomic writes left behind
 * ({@code .NAME.DIGITS.tmp}, see {@link AtomicFiles#deleteTempFiles}) are deleted: no writer can
 * be using them any more.
 */
public final class RunDirectory implements AutoCloseable {

    /** Name of the lock file inside a held directory. */
    public static final String LOCK_FILE = ".lock";

    private static final Logger LOG = LoggerFactory.getLogger(RunDirectory.class);

    /** Directories this JVM holds (the operating system would not tell two channels of one process apart). */
    private static final Map<Path, String> HELD = new ConcurrentHashMap<>();

    private final Path dir;
    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;
    private final int deletedTempFiles;

    private RunDirectory(Path dir, Path key, FileChannel channel, FileLock lock, int deletedTempFiles) {
        this.dir = dir;
        this.key = key;
        this.channel = channel;
        this.lock = lock;
        this.deletedTempFiles = deletedTempFiles;
    }

    /**
     * Creates {@code dir} if needed, takes its lock and deletes leftover temporary files; a
     * directory held by another live process is refused with a message naming that process and
     * suggesting to wait for it or choose another {@code --out}.
     */
    public static RunDirectory open(Path dir) throws IOException {
        return open(dir, "choose another --out");
    }

    /**
     * As {@link #open(Path)}, with {@code alternative} (e.g. "choose another --out") as the second
     * fix the refusal names.
     */
    public static RunDirectory open(Path dir, String alternative) throws IOException {
        AtomicFiles.ensureWritableDirectory(dir);
        Path key = dir.toRealPath();
        Map<String, String> me = currentHolder();
        String heldBy = HELD.putIfAbsent(key, describe(me));
        if (heldBy != null) {
            throw new DirectoryInUseException(inUse(dir, heldBy, alternative));
        }
        Path lockFile = dir.resolve(LOCK_FILE);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(
                    lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (IOException e) {
                throw new IOException(
                        "cannot lock " + lockFile + " (" + e.getMessage() + "); the file system may not support "
                                + "locks: choose a run directory on a local disk",
                        e);
            }
            if (lock == null) {
                String holder = describe(parse(readAll(channel)));
                channel.close();
                throw new DirectoryInUseException(inUse(dir, holder, alternative));
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(format(me).getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(true);
            int deleted = AtomicFiles.deleteTempFiles(dir);
            if (deleted > 0) {
                LOG.info("deleted {} temporary file(s) left in {} by an interrupted write", deleted, dir);
            }
            return new RunDirectory(dir, key, channel, lock, deleted);
        } catch (IOException | RuntimeException e) {
            HELD.remove(key);
            if (channel != null && channel.isOpen()) {
                channel.close();
            }
            throw e;
        }
    }

    /** The directory. */
    public Path path() {
        return dir;
    }

    /** A file in the directory. */
    public Path resolve(String name) {
        return dir.resolve(name);
    }

    /** How many leftover temporary files {@link #open} deleted. */
    public int deletedTempFiles() {
        return deletedTempFiles;
    }

    /** Releases the lock (the lock file stays, empty; it blocks no one). */
    @Override
    public void close() throws IOException {
        try {
            if (channel.isOpen()) {
                channel.truncate(0);
                lock.release();
            }
        } finally {
            channel.close();
            HELD.remove(key);
        }
    }

    /** Thrown when another live process (or this one) holds the directory. */
    public static final class DirectoryInUseException extends IOException {
        private static final long serialVersionUID = 1L;

        DirectoryInUseException(String message) {
            super(message);
        }
    }

    private static String inUse(Path dir, String holder, String alternative) {
        return dir + " is in use by " + holder + "; wait for it or " + alternative;
    }

    private static Map<String, String> currentHolder() {
        Map<String, String> holder = new LinkedHashMap<>();
        holder.put("pid", Long.toString(ProcessHandle.current().pid()));
        holder.put("host", hostName());
        holder.put("started", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        return holder;
    }

    private static String describe(Map<String, String> holder) {
        String pid = holder.get("pid");
        if (pid == null) {
            return "another relax4j process";
        }
        StringBuilder sb = new StringBuilder("relax4j process ").append(pid);
        String host = holder.get("host");
        if (host != null && !host.equals(hostName())) {
            sb.append(" on ").append(host);
        }
        String started = holder.get("started");
        if (started != null) {
            sb.append(" (started ").append(started).append(')');
        }
        return sb.toString();
    }

    private static String format(Map<String, String> holder) {
        StringBuilder sb = new StringBuilder();
        holder.forEach((k, v) -> sb.append(k).append(' ').append(v).append('\n'));
        return sb.toString();
    }

    private static Map<String, String> parse(String text) {
        Map<String, String> holder = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0) {
                holder.put(line.substring(0, space), line.substring(space + 1).strip());
            }
        }
        return holder;
    }

    /** Reads the lock file through the channel already open (another open and close would drop our locks). */
    private static String readAll(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(channel.size(), 4096));
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    }

    private static String hostName() {
        String host = System.getenv("HOSTNAME");
        if (host != null && !host.isBlank()) {
            return host;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "this host";
        }
    }
}
