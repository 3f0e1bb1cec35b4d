package dev.portcullis.gateway.filter.ratelimit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
        try (InputStream in = CounterScript.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
            return new CounterScript(source, HexFormat.of().formatHex(digest));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is always available", e);
        }
    }
}
