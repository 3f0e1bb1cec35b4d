package dev.portcullis.gateway.upstream;

import dev.portcullis.gateway.upstream.SecretResolver;
import dev.portcullis.model.secret.SealedSecret;
import dev.portcullis.model.secret.SealedSecretException;
import dev.portcullis.model.secret.SecretOpener;
import dev.portcullis.model.secret.SecretReferences;
import dev.portcullis.model.snapshot.ConfigSnapshot;
import java.util.HashMap;
import java.util.Map;

/**
 * Resolves {@code ${secret:name}} references (whole values or embedded) against the secrets sealed into one
 * snapshot, opening each with the gateway's private key at most once. Used while the runtime is compiled, off the
 * event loop; discarded afterwards. A reference it cannot resolve throws {@link IllegalArgumentException} naming
 * the secret (never a value), which rejects the snapshot.
 */
public final class SnapshotSecretResolver implements SecretResolver {

    private final Map<String, SealedSecret> sealed;
    private final SecretOpener opener;
    private final Map<String, String> opened = new HashMap<>();

    public SnapshotSecretResolver(ConfigSnapshot snapshot, SecretOpener opener) {
        this.sealed = snapshot.secrets();
        this.opener = opener;
    }

    @Override
    public String resolve(String configuredValue) {
        return SecretReferences.substitute(configuredValue, this::open);
    }

    private String open(String name) {
        String value = opened.get(name);
        if (value != null) {
            return value;
        }
        SealedSecret secret = sealed.get(name);
        if (secret == null) {
            throw new IllegalArgumentException("secret '" + name + "' is not in the snapshot");
        }
        try {
            value = opener.open(name, secret);
        } catch (SealedSecretException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        opened.put(name, value);
        return value;
    }

    @Override
    public String openSealed(String name, SealedSecret value) {
        try {
            return opener.open(name, value);
        } catch (SealedSecretException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "SnapshotSecretResolver" + sealed.keySet();
    }
}
