package dev.portcullis.gateway.runtime;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Listen paths of the served proxies, built once per snapshot. Matching walks the request path's own prefixes
 * that end in {@code /}, longest first, with one hash lookup each: cost grows with the path's depth, not with the
 * number of proxies. A request for the listen path without its trailing slash ({@code /mock-mcp}) matches too.
 */
public final class ListenPathTable {

    private final Map<String, CompiledProxy> byListenPath;

    public ListenPathTable(List<CompiledProxy> proxies) {
        Map<String, CompiledProxy> map = new HashMap<>();
        for (CompiledProxy proxy : proxies) {
            if (map.putIfAbsent(proxy.listenPath(), proxy) != null) {
                throw new IllegalArgumentException("listen path " + proxy.listenPath() + " is used twice");
            }
        }
        this.byListenPath = Map.copyOf(map);
    }

    /** A matched proxy and the path after its listen path (no leading slash, may be empty). */
    public record Match(CompiledProxy proxy, String rest) {
    }

    public Optional<Match> match(String path) {
        if (path == null || path.isEmpty() || path.charAt(0) != '/') {
            return Optional.empty();
        }
        if (path.charAt(path.length() - 1) != '/') {
            CompiledProxy exact = byListenPath.get(path + '/');
            if (exact != null) {
                return Optional.of(new Match(exact, ""));
            }
        }
        int end = path.lastIndexOf('/');
        while (end >= 0) {
            CompiledProxy proxy = byListenPath.get(path.substring(0, end + 1));
            if (proxy != null) {
                return Optional.of(new Match(proxy, path.substring(end + 1)));
            }
            end = end == 0 ? -1 : path.lastIndexOf('/', end - 1);
        }
        return Optional.empty();
    }

    public int size() {
        return byListenPath.size();
    }
}
