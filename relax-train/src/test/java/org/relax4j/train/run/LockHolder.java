package org.relax4j.train.run;

import java.nio.file.Path;

/**
 * A second process for the lock tests: holds the run directory given as its argument, prints
 * "locked", and keeps it until its standard input closes or it is killed.
 */
public final class LockHolder {

    private LockHolder() {}

    /** Holds {@code args[0]}. */
    public static void main(String[] args) throws Exception {
        try (RunDirectory held = RunDirectory.open(Path.of(args[0]))) {
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent
            }
        }
    }

    /** Starts a JVM holding {@code dir}; returns once it holds it. */
    public static Process start(Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(
                        java, "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        byte[] line = new byte[7];
        int n = p.getInputStream().readNBytes(line, 0, line.length);
        if (n != line.length || !new String(line, 0, n).startsWith("locked")) {
            p.destroyForcibly().waitFor();
            throw new IllegalStateException("the lock holder did not start");
        }
        return p;
    }
}
