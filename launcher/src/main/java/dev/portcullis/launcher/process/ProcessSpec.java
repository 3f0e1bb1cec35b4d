package dev.portcullis.launcher.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to run as a child process.
 *
 * @param name             shown in messages ("control plane", "gateway gateway-1")
 * @param command          program and arguments
 * @param environment      added to the launcher's own environment, from which every {@code PORTCULLIS_*} and
 *                         {@code QUARKUS_*} variable is removed first (see {@link #environmentOver})
 * @param workingDirectory the child's working directory
 * @param logFile          stdout and stderr are appended here
 */
public record ProcessSpec(String name, List<String> command, Map<String, String> environment, Path workingDirectory,
                          Path logFile) {

    public ProcessSpec {
        Objects.requireNonNull(name, "name");
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command is empty");
        }
        environment = Map.copyOf(environment);
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        Objects.requireNonNull(logFile, "logFile");
    }

    /**
     * The child's whole environment: the launcher's own without the variables that configure Portcullis or Quarkus,
     * then {@link #environment()}. A user's {@code PORTCULLIS_DB_URL} or {@code QUARKUS_HTTP_PORT} must not reach a
     * child the stack configures differently; whatever a child should see, the stack passes explicitly.
     */
    public Map<String, String> environmentOver(Map<String, String> inherited) {
        Map<String, String> merged = new HashMap<>();
        inherited.forEach((name, value) -> {
            if (!name.startsWith("PORTCULLIS_") && !name.startsWith("QUARKUS_")) {
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
