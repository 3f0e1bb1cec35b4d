package dev.portcullis.examples.servertime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.plugin.GatewayPlugin;
import dev.portcullis.plugin.PluginFilter;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A virtual endpoint: the gateway itself answers a {@code server_time} tool with the current time, and adds the tool
 * to {@code tools/list} answers so agents discover it. Configure it proxy-wide ({@code global.plugins}) so it sees
 * both {@code tools/call} and {@code tools/list}:
 *
 * <pre>{"name": "server-time", "placement": "afterAuth", "config": {"tool": "server_time", "zone": "Europe/Paris"}}</pre>
 *
 * <p>{@code tool} (default {@code server_time}) is the tool's name, {@code zone} (default {@code UTC}) a time-zone
 * id. No other member is accepted.
 */
public final class ServerTimePlugin implements GatewayPlugin {

    static final String DEFAULT_TOOL = "server_time";
    private static final Pattern TOOL = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

    private final Clock clock;

    public ServerTimePlugin() {
        this(Clock.systemUTC());
    }

    ServerTimePlugin(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "server-time";
    }

    @Override
    public List<String> validate(JsonNode config) {
        List<String> problems = new ArrayList<>();
        config.fieldNames().forEachRemaining(field -> {
            if (!field.equals("tool") && !field.equals("zone")) {
                problems.add("unknown member " + field + " (expected tool, zone)");
            }
        });
        JsonNode tool = config.get("tool");
        if (tool != null && !(tool.isTextual() && TOOL.matcher(tool.textValue()).matches())) {
            problems.add("tool must be 1 to 128 characters of A-Z a-z 0-9 _ . -");
        }
        JsonNode zone = config.get("zone");
        if (zone != null) {
            if (!zone.isTextual()) {
                problems.add("zone must be a time-zone id such as UTC or Europe/Paris");
            } else {
                try {
                    ZoneId.of(zone.textValue());
                } catch (DateTimeException e) {
                    problems.add("zone " + zone.textValue() + " is not a known time-zone id");
                }
            }
        }
        return problems;
    }

    @Override
    public PluginFilter create(JsonNode config) {
        String tool = config.path("tool").asText(DEFAULT_TOOL);
        ZoneId zone = ZoneId.of(config.path("zone").asText("UTC"));
        return new ServerTimeTool(tool, clock.withZone(zone));
    }
}
