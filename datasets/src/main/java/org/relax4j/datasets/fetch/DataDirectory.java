package org.relax4j.datasets.fetch;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the data lives: an explicit directory (the {@code --data-dir} option) if given, else the
 * environment variable {@code RELAX4J_DATA}, else {@code ~/.relax4j/data}. Each data set has its own
 * subdirectory ({@code mnist/}, {@code fashion-mnist/}).
 */
public final class DataDirectory {

    /** Environment variable naming the data directory. */
    public static final String ENV_VAR = "RELAX4J_DATA";

    private DataDirectory() {}

    /** Resolves the data root from {@code explicitOrNull}, the environment and the home directory. */
    public static Path resolve(Path explicitOrNull) {
        return resolve(explicitOrNull, System.getenv(), System.getProperty("user.home"));
    }

    /** Resolution with the environment and home directory given (for tests). */
    public static Path resolve(Path explicitOrNull, Map<String, String> env, String userHome) {
        if (explicitOrNull != null) {
            return explicitOrNull.toAbsolutePath().normalize();
        }
        String fromEnv = env.get(ENV_VAR);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv.trim()).toAbsolutePath().normalize();
        }
        return Path.of(userHome, ".relax4j", "data").toAbsolutePath().normalize();
    }
}
