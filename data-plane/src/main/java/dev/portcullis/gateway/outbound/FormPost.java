package dev.portcullis.gateway.outbound;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A small {@code application/x-www-form-urlencoded} POST the gateway itself makes to an authorization server
 * (token introspection, client-credentials grant). The form is encoded into one buffer and sent with a
 * {@code Content-Length}: Vert.x's {@code sendForm} sends it chunked, and a server that reads by length (Python's
 * {@code http.server}, many small authorization servers) then reads an empty form and answers as if no token had
 * been sent.
 */
public final class FormPost {

    private FormPost() {
    }

    /** Sends {@code fields} (in their iteration order) as the body of {@code request}. */
    public static Future<HttpResponse<Buffer>> send(HttpRequest<Buffer> request, Map<String, String> fields) {
        return request.putHeader("Content-Type", "application/x-www-form-urlencoded")
                .sendBuffer(Buffer.buffer(encode(fields)));
    }

    static String encode(Map<String, String> fields) {
        StringBuilder form = new StringBuilder();
        fields.forEach((name, value) -> {
            if (form.length() > 0) {
                form.append('&');
            }
            form.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        });
        return form.toString();
    }
}
