package dev.portcullis.e2e.deploy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment variables a packaged plane reads, found in its code rather than listed by hand: every property of
 * every {@code @ConfigMapping} interface in the plane's jar (nested groups included, {@code @WithName} and
 * {@code @WithParentName} honoured), and every {@code ${portcullis.*}} or {@code ${PORTCULLIS_*}} its
 * {@code application.properties} refers to; each as SmallRye Config's environment form ({@code portcullis.db.url}
 * is {@code PORTCULLIS_DB_URL}). A property without a default that is not optional is {@link #required()}.
 */
public record PlaneSettings(Set<String> read, Set<String> required) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{((?:portcullis\\.|PORTCULLIS_)[A-Za-z0-9_.-]+)");

    /** The settings of the plane whose jar holds {@code anyClass} (a class of it on the test class path). */
    public static PlaneSettings of(Class<?> anyClass) {
        Set<String> read = new TreeSet<>();
        Set<String> required = new TreeSet<>();
        try (JarFile jar = new JarFile(Path.of(anyClass.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toFile())) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                String name = entry.getName();
                if (name.endsWith(".class") && !name.contains("$$")) {
                    mapping(name, anyClass.getClassLoader()).ifPresent(mapping -> walk(mapping,
                            mapping.getAnnotation(ConfigMapping.class).prefix(), read, required));
                }
            }
            JarEntry properties = jar.getJarEntry("application.properties");
            if (properties != null) {
                try (InputStream in = jar.getInputStream(properties)) {
                    Matcher matcher = PLACEHOLDER.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    while (matcher.find()) {
                        read.add(environmentName(matcher.group(1)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return new PlaneSettings(Set.copyOf(read), Set.copyOf(required));
    }

    /** The mock MCP server's: the variables its option parser looks up, recorded while it parses none. */
    public static Set<String> readByMock(java.util.function.Consumer<Map<String, String>> parser) {
        Set<String> looked = new TreeSet<>();
        Map<String, String> recording = new HashMap<>() {
            @Override
            public String get(Object key) {
                looked.add(String.valueOf(key));
                return null;
            }

            @Override
            public String getOrDefault(Object key, String fallback) {
                looked.add(String.valueOf(key));
                return fallback;
            }

            @Override
            public boolean containsKey(Object key) {
                looked.add(String.valueOf(key));
                return false;
            }
        };
        parser.accept(recording);
        return Set.copyOf(looked);
    }

    /** SmallRye Config's environment-variable form of a property name. */
    static String environmentName(String property) {
        return property.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private static Optional<Class<?>> mapping(String entry, ClassLoader loader) {
        String className = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
        try {
            Class<?> type = Class.forName(className, false, loader);
            return type.isInterface() && type.isAnnotationPresent(ConfigMapping.class) ? Optional.of(type)
                    : Optional.empty();
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
    }

    private static void walk(Class<?> group, String prefix, Set<String> read, Set<String> required) {
        for (Method method : group.getMethods()) {
            if (method.getParameterCount() != 0 || method.isDefault()
                    || java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            String name = method.isAnnotationPresent(WithParentName.class) ? prefix
                    : prefix + "." + (method.isAnnotationPresent(WithName.class)
                    ? method.getAnnotation(WithName.class).value() : kebab(method.getName()));
            Type type = method.getGenericReturnType();
            boolean optional = false;
            if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == Optional.class) {
                optional = true;
                type = parameterized.getActualTypeArguments()[0];
            }
            if (type instanceof Class<?> nested && nested.isInterface() && !nested.getName().startsWith("java.")) {
                walk(nested, name, read, optional ? new TreeSet<>() : required);
                continue;
            }
            String variable = environmentName(name);
            read.add(variable);
            Class<?> raw = method.getReturnType();
            if (!optional && !method.isAnnotationPresent(WithDefault.class) && raw != OptionalInt.class
                    && raw != OptionalLong.class && !java.util.Collection.class.isAssignableFrom(raw)) {
                required.add(variable);
            }
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
