package dev.portcullis.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Text files shipped in a jar, such as the Lua scripts both planes send to Redis. */
public final class ClasspathText {

    private ClasspathText() {
    }

    /**
     * The UTF-8 text of resource {@code name} as {@code anchor}'s class loader finds it (an absolute name, such as
     * {@code /lua/script.lua}).
     *
     * @throws IllegalStateException when there is no such resource (a packaging bug)
     */
    public static String read(Class<?> anchor, String name) {
        try (InputStream in = anchor.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
