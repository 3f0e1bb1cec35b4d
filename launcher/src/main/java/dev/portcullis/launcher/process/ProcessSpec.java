package dev.portcullis.launcher.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What to run as a child process.
 *
 * @param name             shown in messages ("control plane", "gateway gateway-1")
 * @param command          program and arguments
 * @param environment      everything the child is configured with; of the launcher's own environment it sees only
 *                         the operating-system basics (see {@link #environmentOver})
 * @param workingDirectory the child's working directory
 * @param logFile          stdout and stderr are appended here
 * @param niceness         how much lower than the launcher's the child's CPU priority is (0: the same; 1-19: lower,
 *                         see {@link ManagedProcess#start})
 */
public record ProcessSpec(String name, List<String> command, Map<String, String> environment, Path workingDirectory,
                          Path logFile, int niceness) {

    /** The variables of the launcher's environment a child inherits, besides {@code LC_*}. */
    public static final Set<String> INHERITED = Set.of("PATH", "HOME", "USER", "LOGNAME", "LANG", "LANGUAGE", "TZ",
            "TMPDIR");

    public ProcessSpec {
        Objects.requireNonNull(name, "name");
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command is empty");
        }
        environment = Map.copyOf(environment);
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        Objects.requireNonNull(logFile, "logFile");
        if (niceness < 0 || niceness > 19) {
            throw new IllegalArgumentException("niceness " + niceness + " is not within 0-19");
        }
    }

    /** A child at the launcher's own CPU priority. */
    public ProcessSpec(String name, List<String> command, Map<String, String> environment, Path workingDirectory,
                       Path logFile) {
        this(name, command, environment, workingDirectory, logFile, 0);
    }

    /** This spec with another {@link #niceness()}. */
    public ProcessSpec withNiceness(int value) {
        return new ProcessSpec(name, command, environment, workingDirectory, logFile, value);
    }

    /**
     * The child's whole environment: of the launcher's own only {@link #INHERITED} and {@code LC_*} (locale, home,
     * path), then {@link #environment()}. Nothing else from the user's shell reaches a child: not a
     * {@code PORTCULLIS_DB_URL} or {@code QUARKUS_HTTP_PORT} meant for another process, not a cloud credential.
     * Whatever a child should see, the stack passes explicitly.
     */
    public Map<String, String> environmentOver(Map<String, String> inherited) {
        Map<String, String> merged = new HashMap<>();
        inherited.forEach((name, value) -> {
            if (INHERITED.contains(name) || name.startsWith("LC_")) {
                merged.put(name, value);
            }
        });
        merged.putAll(environment);
        return merged;
    }

    /** {@code java [jvmOptions] -jar jar}, run with the same Java installation as this JVM. */
    public static List<String> javaJar(Path jar, List<String> jvmOptions) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        return List.copyOf(command);
    }
}
