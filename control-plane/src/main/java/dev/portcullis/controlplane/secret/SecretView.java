package dev.portcullis.controlplane.secret;

import java.time.Instant;
import java.util.List;

/** What the API shows of a secret: never its value. {@code referencedBy} lists the proxies using it. */
public record SecretView(String name, Instant createdAt, Instant updatedAt, List<String> referencedBy) {

    public SecretView {
        referencedBy = List.copyOf(referencedBy);
    }
}
