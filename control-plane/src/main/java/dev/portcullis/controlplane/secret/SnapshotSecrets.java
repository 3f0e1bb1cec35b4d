package dev.portcullis.controlplane.secret;

import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.secret.SealedSecret;
import dev.portcullis.model.secret.SecretReferences;
import dev.portcullis.model.secret.SecretSealer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The {@code secrets} of one gateway's snapshot: exactly those its proxies reference, each sealed to the gateway's
 * encryption key. A gateway that sent no key gets none (and rejects proxies that need one).
 */
@ApplicationScoped
public class SnapshotSecrets {

    private final SecretService secrets;

    SnapshotSecrets(SecretService secrets) {
        this.secrets = secrets;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Map<String, SealedSecret> sealFor(List<ProxyDefinition> proxies, GatewayEncryptionKey recipient) {
        if (recipient == null) {
            return Map.of();
        }
        Set<String> names = new TreeSet<>();
        proxies.forEach(proxy -> names.addAll(SecretReferences.namesIn(proxy)));
        SecretSealer sealer = new SecretSealer(recipient.key());
        Map<String, SealedSecret> sealed = new TreeMap<>();
        secrets.plaintexts(names).forEach((name, value) -> sealed.put(name, sealer.seal(name, value)));
        return sealed;
    }
}
