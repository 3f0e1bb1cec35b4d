package dev.portcullis.gateway.filter.ratelimit;

import dev.portcullis.model.ClasspathText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The check-and-consume Lua script ({@code lua/check_and_consume.lua}) and its SHA-1, computed locally so the
 * first call can already be an {@code EVALSHA} (Redis answers {@code NOSCRIPT} when it does not know it yet).
 */
public record CounterScript(String source, String sha1) {

    private static final String RESOURCE = "/lua/check_and_consume.lua";

    public static CounterScript load() {
        String source = ClasspathText.read(CounterScript.class, RESOURCE);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
            return new CounterScript(source, HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is always available", e);
        }
    }
}
