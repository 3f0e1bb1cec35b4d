package dev.portcullis.launcher.process;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Packs {@link FixtureServer} into an executable jar, so tests can run it exactly like the products. */
public final class FixtureJar {

    private FixtureJar() {
    }

    /** A jar under {@code directory/<module>/}, where module ({@code control-plane}, {@code data-plane}, anything
     * else for the mock) sets the fixture's role. */
    public static Path create(Path directory, String module) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FixtureServer.class.getName());
        Path jar = Files.createDirectories(directory.resolve(module)).resolve("fixture.jar");
        String entry = FixtureServer.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry(entry));
            out.write(Files.readAllBytes(classes().resolve(entry)));
            out.closeEntry();
        }
        return jar;
    }

    private static Path classes() {
        try {
            return Path.of(FixtureServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
