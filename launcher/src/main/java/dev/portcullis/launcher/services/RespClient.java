package dev.portcullis.launcher.services;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal blocking RESP2 client: enough for PING, AUTH, SELECT, SCAN and DEL in test support and the launcher.
 * Not thread-safe; one command at a time.
 */
public final class RespClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RespClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = new BufferedOutputStream(socket.getOutputStream());
    }

    /** Connects, authenticates and selects the database named by {@code endpoint}. */
    public static RespClient connect(RedisEndpoint endpoint, Duration timeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            RespClient client = new RespClient(socket);
            if (endpoint.password() != null) {
                if (endpoint.username() != null) {
                    client.command("AUTH", endpoint.username(), endpoint.password());
                } else {
                    client.command("AUTH", endpoint.password());
                }
            }
            if (endpoint.database() != 0) {
                client.command("SELECT", Integer.toString(endpoint.database()));
            }
            return client;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
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
        out.write(("*" + arguments.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String argument : arguments) {
            byte[] bytes = argument.getBytes(StandardCharsets.UTF_8);
            out.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.write('\r');
            out.write('\n');
        }
        out.flush();
        return readReply();
    }

    private Object readReply() throws IOException {
        int type = in.read();
        String line = readLine();
        return switch (type) {
            case '+' -> line;
            case '-' -> throw new RespErrorException(line);
            case ':' -> Long.parseLong(line);
            case '$' -> readBulk(Integer.parseInt(line));
            case '*' -> readArray(Integer.parseInt(line));
            case -1 -> throw new EOFException("Redis closed the connection");
            default -> throw new IOException("unexpected RESP type byte " + type);
        };
    }

    private String readBulk(int length) throws IOException {
        if (length < 0) {
            return null;
        }
        byte[] bytes = in.readNBytes(length + 2);
        if (bytes.length != length + 2) {
            throw new EOFException("Redis closed the connection mid-reply");
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    private List<Object> readArray(int count) throws IOException {
        if (count < 0) {
            return null;
        }
        List<Object> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            items.add(readReply());
        }
        return items;
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int next = in.read();
            if (next == -1) {
                throw new EOFException("Redis closed the connection mid-reply");
            }
            if (previous == '\r' && next == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            line.write(next);
            previous = next;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** An error reply from Redis ({@code -ERR ...}). */
    public static final class RespErrorException extends IOException {
        public RespErrorException(String message) {
            super(message);
        }
    }
}
