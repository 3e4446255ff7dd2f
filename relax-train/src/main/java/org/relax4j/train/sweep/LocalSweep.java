package org.relax4j.train.sweep;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Runs a sweep's tasks on this machine, {@code parallel} at a time, each in its own child process
 * (its own JVM and libtorch, so one task's crash or memory is no other's), with the child's
 * output appended to {@value #LOG_FILE} in the task's run directory. Tasks are started in index order as slots free up.
 * If this process is stopped (Ctrl-C, SIGTERM), the running children are stopped the same way, and
 * each checkpoints its run before exiting; running the sweep again resumes them.
 */
public final class LocalSweep {

    /** The file in a task's run directory that its child's output is appended to. */
    public static final String LOG_FILE = "sweep.log";

    /** How long a stopped child may take to write its checkpoint and exit. */
    private static final long STOP_WAIT_S = 150;

    /** Starts the child process of a task, its output going to {@code log}. */
    @FunctionalInterface
    public interface Launcher {
        /** Starts task {@code task}'s child, appending its output to {@code log}. */
        Process start(SweepTask task, Path log) throws IOException;
    }

    private LocalSweep() {}

    /**
     * Runs {@code tasks} to the end, at most {@code parallel} at once, reporting each start and end
     * on {@code out}; {@code runDir} gives each task's run directory (created if needed, for the log).
     *
     * @return the tasks that failed (exit status other than 0), in index order
     */
    public static List<SweepTask> run(
            List<SweepTask> tasks, int parallel, Function<SweepTask, Path> runDir, Launcher launcher, PrintStream out)
            throws IOException, InterruptedException {
        if (parallel < 1) {
            throw new IllegalArgumentException("--local needs at least 1 task at a time, got " + parallel);
        }
        Deque<SweepTask> queue = new ArrayDeque<>(tasks);
        Map<SweepTask, Process> running = new LinkedHashMap<>();
        Map<SweepTask, Long> started = new LinkedHashMap<>();
        List<SweepTask> failed = new ArrayList<>();
        AtomicBoolean stopping = new AtomicBoolean();
        Thread hook = new Thread(
                () -> {
                    stopping.set(true);
                    stopAll(running);
                },
                "relax4j-sweep-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            while (!queue.isEmpty() || !running.isEmpty()) {
                while (running.size() < parallel && !queue.isEmpty()) {
                    SweepTask t = queue.poll();
                    Path dir = runDir.apply(t);
                    Files.createDirectories(dir);
                    Path log = dir.resolve(LOG_FILE);
                    synchronized (running) {
                        running.put(t, launcher.start(t, log));
                    }
                    started.put(t, System.nanoTime());
                    out.printf("task %d %s: started (log %s)%n", t.index(), t.dir(), log);
                    out.flush();
                }
                SweepTask done = null;
                while (done == null) {
                    for (Map.Entry<SweepTask, Process> e : running.entrySet()) {
                        if (e.getValue().waitFor(50, TimeUnit.MILLISECONDS)) {
                            done = e.getKey();
                            break;
                        }
                    }
                }
                Process p;
                synchronized (running) {
                    p = running.remove(done);
                }
                double seconds = (System.nanoTime() - started.get(done)) / 1e9;
                if (stopping.get()) {
                    out.printf(
                            "task %d %s: stopped after %.0f s; run the sweep again to resume it%n",
                            done.index(), done.dir(), seconds);
                } else if (p.exitValue() == 0) {
                    out.printf("task %d %s: done in %.0f s%n", done.index(), done.dir(), seconds);
                } else {
                    failed.add(done);
                    out.printf(
                            "task %d %s: FAILED (exit %d after %.0f s; see %s)%n",
                            done.index(),
                            done.dir(),
                            p.exitValue(),
                            seconds,
                            runDir.apply(done).resolve(LOG_FILE));
                }
                out.flush();
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is stopping the children
            }
        }
        failed.sort((a, b) -> Integer.compare(a.index(), b.index()));
        return failed;
    }

    /** SIGTERM to every running child (each checkpoints and exits), then waits for them. */
    private static void stopAll(Map<SweepTask, Process> running) {
        List<Process> children;
        synchronized (running) {
            children = new ArrayList<>(running.values());
        }
        children.forEach(Process::destroy);
        for (Process p : children) {
            try {
                if (!p.waitFor(STOP_WAIT_S, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
