package dev.portcullis.mock.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.mock.rpc.Json;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Live sessions by id. Ids are 128 random bits in hex: unguessable and visible ASCII, as the spec asks. */
public final class SessionRegistry {

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    public Session create(String protocolVersion) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        Session session = new Session(HexFormat.of().formatHex(bytes), protocolVersion);
        sessions.put(session.id(), session);
        return session;
    }

    public Optional<Session> find(String id) {
        return Optional.ofNullable(sessions.get(id));
    }

    /** Ends a session: it is forgotten (later use gets 404) and its streams end. Event loop only. */
    public boolean delete(String id) {
        Session session = sessions.remove(id);
        if (session == null) {
            return false;
        }
        session.close();
        return true;
    }

    public int size() {
        return sessions.size();
    }

    /** Sends {@code notifications/resources/updated} to every session subscribed to {@code uri}. */
    public void resourceUpdated(String uri) {
        for (Session session : sessions.values()) {
            if (session.isSubscribed(uri)) {
                ObjectNode params = Json.object().put("uri", uri);
                session.notifyStandalone(Json.notification("notifications/resources/updated", params));
            }
        }
    }

    /** Ends every session. Event loop only. */
    public void closeAll() {
        List<String> ids = List.copyOf(sessions.keySet());
        ids.forEach(this::delete);
    }
}
