package dev.portcullis.launcher.services;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.SafeEncoder;

/**
 * A blocking Redis connection for the launcher and test support (PING, AUTH, SELECT, SCAN, DEL, ...), on the
 * Jedis client: Jedis speaks the protocol; this class only turns its raw replies into {@code String},
 * {@code Long} and {@code List<Object>} and its failures into {@link IOException}s. Not thread-safe; one command
 * at a time.
 */
public final class RespClient implements AutoCloseable {

    private final Connection connection;

    private RespClient(Connection connection) {
        this.connection = connection;
    }

    /** Connects, authenticates and selects the database named by {@code endpoint}. */
    public static RespClient connect(RedisEndpoint endpoint, Duration timeout) throws IOException {
        int millis = (int) timeout.toMillis();
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(millis).socketTimeoutMillis(millis).database(endpoint.database())
                .password(endpoint.password());
        if (endpoint.username() != null) {
            config.user(endpoint.username());
        }
        try {
            Connection connection = new Connection(new HostAndPort(endpoint.host(), endpoint.port()), config.build());
            return new RespClient(connection);
        } catch (JedisDataException e) {
            throw new RespErrorException(e.getMessage());
        } catch (JedisConnectionException e) {
            throw new IOException("cannot connect to Redis at " + endpoint.host() + ":" + endpoint.port(), e);
        }
    }

    /** Whether a server at {@code endpoint} answers PING within {@code timeout}. */
    public static boolean answersPing(RedisEndpoint endpoint, Duration timeout) {
        try (RespClient client = connect(endpoint, timeout)) {
            return "PONG".equals(client.command("PING"));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Sends one command and reads its reply: a {@code String} (simple or bulk), {@code Long}, {@code List<Object>},
     * or null. A Redis error reply becomes {@link RespErrorException}.
     */
    public Object command(String... arguments) throws IOException {
        CommandArguments command = new CommandArguments(protocolCommand(arguments[0]));
        command.addObjects((Object[]) Arrays.copyOfRange(arguments, 1, arguments.length));
        try {
            return decoded(connection.executeCommand(command));
        } catch (JedisDataException e) {
            throw new RespErrorException(e.getMessage());
        } catch (JedisConnectionException e) {
            throw new IOException("Redis connection failed", e);
        }
    }

    private static ProtocolCommand protocolCommand(String name) {
        try {
            return Protocol.Command.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException notBuiltIn) {
            byte[] raw = SafeEncoder.encode(name);
            return () -> raw;
        }
    }

    private static Object decoded(Object reply) {
        if (reply instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (reply instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(item -> out.add(decoded(item)));
            return out;
        }
        return reply;
    }

    @Override
    public void close() {
        connection.close();
    }

    /** An error reply from Redis ({@code -ERR ...}). */
    public static final class RespErrorException extends IOException {
        public RespErrorException(String message) {
            super(message);
        }
    }
}
