package dev.portcullis.model.plugin;

import dev.portcullis.plugin.GatewayPlugin;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Loads the plugins of a folder: every {@code *.jar} directly in it gets its own class loader (so two plugins may
 * bundle different versions of a library), whose parent is this process's, and is searched with
 * {@link ServiceLoader} for {@link GatewayPlugin}s. Only providers defined by the jar itself count (not those the
 * parent would also offer). Blocking: call at start, off the event loop.
 */
public final class PluginFolder {

    private PluginFolder() {
    }

    /**
     * @return the plugins found, {@link InstalledPlugins#NONE} when the folder does not exist
     * @throws IllegalStateException when a jar cannot be read, a provider cannot be instantiated, or two plugins
     *                               share a name: a plugins folder that is not what the operator thinks it is
     *                               stops the process rather than serving without a filter it was told to run
     */
    public static InstalledPlugins load(Path folder) {
        if (folder == null || !Files.isDirectory(folder)) {
            return InstalledPlugins.NONE;
        }
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(folder, "*.jar")) {
            listing.forEach(jars::add);
        } catch (IOException e) {
            throw new IllegalStateException("plugins folder " + folder + " cannot be listed: " + e.getMessage(), e);
        }
        jars.sort(null);
        List<GatewayPlugin> plugins = new ArrayList<>();
        ClassLoader parent = PluginFolder.class.getClassLoader();
        for (Path jar : jars) {
            plugins.addAll(fromJar(jar, parent));
        }
        return InstalledPlugins.of(plugins);
    }

    private static List<GatewayPlugin> fromJar(Path jar, ClassLoader parent) {
        URL url;
        try {
            url = jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException("plugin jar " + jar + " has no usable path", e);
        }
        // Kept open for the life of the process: the plugins' classes load from it.
        URLClassLoader loader = new URLClassLoader("plugin:" + jar.getFileName(), new URL[] {url}, parent);
        List<GatewayPlugin> found = new ArrayList<>();
        try {
            for (ServiceLoader.Provider<GatewayPlugin> provider
                    : ServiceLoader.load(GatewayPlugin.class, loader).stream().toList()) {
                if (provider.type().getClassLoader() == loader) {
                    found.add(provider.get());
                }
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            throw new IllegalStateException("plugin jar " + jar.getFileName() + " cannot be loaded: "
                    + InstalledPlugins.bounded(String.valueOf(e.getMessage())), e);
        }
        return found;
    }
}
