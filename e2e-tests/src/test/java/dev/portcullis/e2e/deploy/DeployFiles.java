package dev.portcullis.e2e.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What {@code deploy/compose.yaml} and {@code deploy/kubernetes/*.yaml} give each Portcullis process: its image and
 * its environment. Compose's merge keys ({@code <<: *anchor}) are resolved by SnakeYAML; its {@code ${VAR...}}
 * references are left as written ({@link #interpolate} resolves them against a {@code .env}).
 */
public final class DeployFiles {

    /** Which product an image runs. */
    public enum Product { CONTROL_PLANE, GATEWAY, MOCK }

    /** A compose service or a Kubernetes container running one of our images. */
    public record Service(String name, String image, Product product, Map<String, String> environment,
                          List<String> volumes) {
    }

    private static final Pattern VARIABLE = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}");

    private DeployFiles() {
    }

    /** Every compose service that runs one of our images as the product (not a job with its own entrypoint). */
    public static List<Service> compose(Path composeFile) {
        Map<String, Object> root = load(composeFile).get(0);
        List<Service> services = new ArrayList<>();
        map(root.get("services")).forEach((name, definition) -> {
            Map<String, Object> service = map(definition);
            String image = String.valueOf(service.get("image"));
            Product product = product(image);
            if (product != null && !service.containsKey("entrypoint")) {
                Map<String, String> environment = new LinkedHashMap<>();
                map(service.get("environment")).forEach((key, value) -> environment.put(key, String.valueOf(value)));
                List<String> volumes = service.get("volumes") == null ? List.of()
                        : ((List<?>) service.get("volumes")).stream().map(String::valueOf).toList();
                services.add(new Service(name, image, product, environment, volumes));
            }
        });
        return services;
    }

    /**
     * Every container with one of our images in the Deployments of {@code directory}; an {@code env} entry with
     * {@code valueFrom} (a Secret, the pod name) has the value {@code <from secret/field>}.
     */
    public static List<Service> kubernetes(Path directory) {
        List<Service> containers = new ArrayList<>();
        try (var files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (Map<String, Object> document : load(file)) {
                    if (!"Deployment".equals(document.get("kind"))) {
                        continue;
                    }
                    Map<String, Object> pod = map(map(map(document.get("spec")).get("template")).get("spec"));
                    for (Object entry : (List<?>) pod.get("containers")) {
                        Map<String, Object> container = map(entry);
                        String image = String.valueOf(container.get("image"));
                        Product product = product(image);
                        if (product == null) {
                            continue;
                        }
                        Map<String, String> environment = new LinkedHashMap<>();
                        List<?> env = container.get("env") == null ? List.of() : (List<?>) container.get("env");
                        for (Object variable : env) {
                            Map<String, Object> named = map(variable);
                            environment.put(String.valueOf(named.get("name")), named.containsKey("value")
                                    ? String.valueOf(named.get("value")) : "<from " + named.get("valueFrom") + ">");
                        }
                        containers.add(new Service(file.getFileName() + ":" + container.get("name"), image, product,
                                environment, List.of()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return containers;
    }

    /**
     * Resolves compose's {@code ${VAR}}, {@code ${VAR:-default}}, {@code ${VAR:?message}} and {@code $$} against
     * {@code variables} (compose's {@code .env}), failing like compose does on a missing required one.
     */
    public static String interpolate(String value, Map<String, String> variables) {
        Matcher matcher = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            if (matcher.group().equals("$$")) {
                replacement = "$";
            } else {
                String set = variables.get(matcher.group(1));
                boolean missing = set == null || (set.isEmpty() && matcher.group(2) != null
                        && matcher.group(2).startsWith(":"));
                String operator = matcher.group(2) == null ? "" : matcher.group(2);
                if (missing && operator.endsWith("?")) {
                    throw new IllegalArgumentException("required variable " + matcher.group(1) + " is missing a value: "
                            + matcher.group(3));
                }
                replacement = missing ? (operator.endsWith("-") ? matcher.group(3) : "") : set;
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static Product product(String image) {
        if (image.startsWith("portcullis/control-plane")) {
            return Product.CONTROL_PLANE;
        }
        if (image.startsWith("portcullis/gateway")) {
            return Product.GATEWAY;
        }
        return image.startsWith("portcullis/mock-mcp-server") ? Product.MOCK : null;
    }

    private static List<Map<String, Object>> load(Path file) {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        List<Map<String, Object>> documents = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file)) {
            for (Object document : yaml.loadAll(reader)) {
                if (document != null) {
                    documents.add(map(document));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        return node == null ? Map.of() : (Map<String, Object>) node;
    }
}
