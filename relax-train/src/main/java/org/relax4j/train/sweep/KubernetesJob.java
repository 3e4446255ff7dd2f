package org.relax4j.train.sweep;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Kubernetes manifest of a sweep: a ConfigMap holding the grid file and an Indexed Job
 * ({@code completionMode: Indexed}) with one completion per task. Kubernetes gives each pod its
 * index in {@code JOB_COMPLETION_INDEX}; the pod runs {@code relax4j sweep /config/GRID --index
 * $(JOB_COMPLETION_INDEX)}, which starts, resumes or skips that task's run under
 * {@code /workspace/runs} (a persistent volume, so a retried or rescheduled pod resumes from the
 * checkpoint). Kubernetes does the scheduling ({@code parallelism}) and the retries
 * ({@code backoffLimitPerIndex}, which needs Kubernetes 1.29 or later and
 * {@code restartPolicy: Never}).
 *
 * <p>The container contract of the Relax4J images: {@code relax4j} is the entrypoint and on the
 * PATH, the working directory is {@code /workspace}, data is under {@code /data}
 * ({@code RELAX4J_DATA}), and the user is uid 1000.
 */
public final class KubernetesJob {

    /** Where the grid file is mounted in the pod. */
    public static final String CONFIG_DIR = "/config";

    /** Where the runs volume is mounted (the image's working directory is /workspace). */
    public static final String RUNS_DIR = "/workspace/runs";

    /** Where the data volume is mounted. */
    public static final String DATA_DIR = "/data";

    /** The non-root user of the images. */
    private static final long UID = 1000;

    private KubernetesJob() {}

    /**
     * The ConfigMap and the Job, as YAML documents ({@code kubectl apply -f} takes both).
     *
     * @param grid the sweep
     * @param gridText the grid file's text, stored in the ConfigMap
     * @param settings image, parallelism, retries, volumes and GPU
     */
    public static String manifest(SweepGrid grid, String gridText, ClusterSettings settings) {
        String name = resourceName(grid.name());
        String gridFile = grid.file().getFileName().toString();

        Map<String, Object> configMap = new LinkedHashMap<>();
        configMap.put("apiVersion", "v1");
        configMap.put("kind", "ConfigMap");
        configMap.put("metadata", map("name", name + "-grid", "labels", labels(name)));
        configMap.put("data", map(gridFile, gridText));

        Map<String, Object> container = new LinkedHashMap<>();
        container.put("name", "relax4j");
        container.put("image", settings.image());
        container.put("command", List.of("relax4j"));
        container.put(
                "args",
                List.of(
                        "sweep",
                        CONFIG_DIR + "/" + gridFile,
                        "--index",
                        "$(JOB_COMPLETION_INDEX)",
                        "--runs",
                        RUNS_DIR));
        container.put("env", List.of(map("name", "RELAX4J_DATA", "value", DATA_DIR)));
        Map<String, Object> resources = new LinkedHashMap<>();
        resources.put("requests", map("cpu", "1", "memory", "4Gi"));
        if (settings.gpu()) {
            resources.put("limits", map("nvidia.com/gpu", 1));
        }
        container.put("resources", resources);
        container.put(
                "volumeMounts",
                List.of(
                        map("name", "grid", "mountPath", CONFIG_DIR, "readOnly", true),
                        map("name", "data", "mountPath", DATA_DIR),
                        map("name", "runs", "mountPath", RUNS_DIR)));

        Map<String, Object> podSpec = new LinkedHashMap<>();
        podSpec.put("restartPolicy", "Never");
        podSpec.put("securityContext", map("runAsNonRoot", true, "runAsUser", UID, "runAsGroup", UID, "fsGroup", UID));
        podSpec.put("containers", List.of(container));
        podSpec.put(
                "volumes",
                List.of(
                        map("name", "grid", "configMap", map("name", name + "-grid")),
                        map("name", "data", "persistentVolumeClaim", map("claimName", settings.dataClaim())),
                        map("name", "runs", "persistentVolumeClaim", map("claimName", settings.runsClaim()))));

        Map<String, Object> jobSpec = new LinkedHashMap<>();
        jobSpec.put("completionMode", "Indexed");
        jobSpec.put("completions", grid.size());
        jobSpec.put("parallelism", Math.min(settings.parallelism(), grid.size()));
        jobSpec.put("backoffLimitPerIndex", settings.retries());
        jobSpec.put("template", map("metadata", map("labels", labels(name)), "spec", podSpec));

        Map<String, Object> job = new LinkedHashMap<>();
        job.put("apiVersion", "batch/v1");
        job.put("kind", "Job");
        job.put("metadata", map("name", name, "labels", labels(name)));
        job.put("spec", jobSpec);

        String header = "# relax4j sweep " + grid.file().getFileName() + ": " + grid.size()
                + " tasks as a Kubernetes Indexed Job.\n"
                + "# Needs the persistent volume claims " + settings.dataClaim() + " (data, " + DATA_DIR + ") and "
                + settings.runsClaim() + " (runs, " + RUNS_DIR + ").\n"
                + "# Apply: kubectl apply -f FILE; follow: kubectl get job " + name + "\n";
        return header + YamlFiles.dump(List.of(configMap, job));
    }

    /**
     * A Kubernetes name from the sweep's: "relax4j-" and the name in lower case, other characters
     * as '-', at most 52 characters (an Indexed Job's pods add the index and a suffix to it).
     */
    static String resourceName(String sweepName) {
        String n = ("relax4j-" + sweepName.toLowerCase(Locale.ROOT)).replaceAll("[^a-z0-9-]", "-");
        if (n.length() > 52) {
            n = n.substring(0, 52);
        }
        return n.replaceAll("-+$", "");
    }

    /** The labels of every object of the sweep (a new map each time: a shared one would be written as a YAML alias). */
    private static Map<String, Object> labels(String name) {
        return map("app.kubernetes.io/name", "relax4j", "relax4j.org/sweep", name);
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
