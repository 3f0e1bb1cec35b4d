package dev.portcullis.gateway.runtime.virtual;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The members' session ids of one agent session at a virtual server, as one text: what the virtual server's
 * {@code Mcp-Session-Id} seals (or carries as is when sessions are not bound). Each entry is the member proxy id,
 * its upstream's session id and the balanced target that holds it (empty when none), separated by {@code ;}, the
 * entries by {@code ,}; {@code %}, {@code ,} and {@code ;} inside a field are percent-escaped, so the text stays
 * visible ASCII, as a session id must.
 */
public final class MemberSessions {

    /** One member's session. */
    public record Entry(String member, String sessionId, String target) {
    }

    /** The longest text encoded: the sealed id must stay under the session key ring's bound. */
    public static final int MAX_LENGTH = 2800;

    private MemberSessions() {
    }

    /** @throws IllegalArgumentException when the text would exceed {@link #MAX_LENGTH} */
    public static String encode(List<Entry> entries) {
        StringBuilder out = new StringBuilder(entries.size() * 64);
        for (Entry entry : entries) {
            if (!out.isEmpty()) {
                out.append(',');
            }
            escape(out, entry.member());
            out.append(';');
            escape(out, entry.sessionId());
            out.append(';');
            escape(out, entry.target());
        }
        if (out.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("the members' session ids are too long to carry");
        }
        return out.toString();
    }

    /** The entries by member id; empty when the text is not one {@link #encode} made. */
    public static Map<String, Entry> decode(String text) {
        Map<String, Entry> out = new LinkedHashMap<>();
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
            return out;
        }
        for (String part : text.split(",", -1)) {
            String[] fields = part.split(";", -1);
            if (fields.length != 3) {
                return new LinkedHashMap<>();
            }
            List<String> values = new ArrayList<>(3);
            for (String field : fields) {
                String value = unescape(field);
                if (value == null) {
                    return new LinkedHashMap<>();
                }
                values.add(value);
            }
            out.put(values.get(0), new Entry(values.get(0), values.get(1), values.get(2)));
        }
        return out;
    }

    /** True for a session id a member may hand out: 1 to 1024 visible ASCII characters. */
    public static boolean usable(String sessionId) {
        if (sessionId == null || sessionId.isEmpty() || sessionId.length() > 1024) {
            return false;
        }
        for (int i = 0; i < sessionId.length(); i++) {
            char c = sessionId.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static void escape(StringBuilder out, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '%' -> out.append("%25");
                case ',' -> out.append("%2C");
                case ';' -> out.append("%3B");
                default -> out.append(c);
            }
        }
    }

    private static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (i + 2 >= field.length()) {
                return null;
            }
            String code = field.substring(i + 1, i + 3);
            switch (code) {
                case "25" -> out.append('%');
                case "2C" -> out.append(',');
                case "3B" -> out.append(';');
                default -> {
                    return null;
                }
            }
            i += 2;
        }
        return out.toString();
    }
}
