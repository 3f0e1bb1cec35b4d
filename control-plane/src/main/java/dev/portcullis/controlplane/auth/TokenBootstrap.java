package dev.portcullis.controlplane.auth;

import dev.portcullis.controlplane.common.PortcullisConfig;
import dev.portcullis.controlplane.user.AppUser;
import dev.portcullis.controlplane.user.FirstAdmin;
import dev.portcullis.model.key.KeyTokens;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * On start, makes sure the first admin user, an admin token (acting as that user) and a gateway token exist, and
 * loads the gateway token hashes into {@link AccessTokens}.
 *
 * <p>A generated credential is printed once, in a banner, and never again: this is the only place a credential is
 * logged. A configured one ({@code PORTCULLIS_BOOTSTRAP_ADMIN_TOKEN}, {@code PORTCULLIS_BOOTSTRAP_ADMIN_PASSWORD},
 * {@code PORTCULLIS_GATEWAY_TOKEN}) is never printed. When {@code PORTCULLIS_GATEWAY_TOKEN} is set it is the only
 * gateway token accepted.
 */
@ApplicationScoped
public class TokenBootstrap {

    private static final Logger LOG = Logger.getLogger(TokenBootstrap.class);

    private final AccessTokenRepository repository;
    private final AccessTokens tokens;
    private final PortcullisConfig config;
    private final FirstAdmin firstAdmin;

    TokenBootstrap(AccessTokenRepository repository, AccessTokens tokens, PortcullisConfig config,
                   FirstAdmin firstAdmin) {
        this.repository = repository;
        this.tokens = tokens;
        this.config = config;
        this.firstAdmin = firstAdmin;
    }

    @Transactional
    void onStart(@Observes StartupEvent event) {
        repository.lockForBootstrap();
        Optional<AppUser> created = firstAdmin.ensure(nonBlank(config.bootstrapAdminPassword()));
        ensureAdminToken(created);
        Optional<String> gatewayToken = nonBlank(config.gatewayToken());
        if (gatewayToken.isPresent()) {
            tokens.replaceGatewayHashes(Set.of(KeyTokens.hash(gatewayToken.get())));
            LOG.info("gateway feed token taken from PORTCULLIS_GATEWAY_TOKEN");
        } else {
            Set<String> hashes = new HashSet<>(repository.hashes(AccessToken.Kind.gateway));
            if (hashes.isEmpty()) {
                String token = RandomTokens.generate(RandomTokens.GATEWAY_PREFIX);
                repository.persist(AccessToken.of(AccessToken.Kind.gateway, KeyTokens.hash(token)));
                printOnce("Gateway feed token (set PORTCULLIS_GATEWAY_TOKEN on gateways)", token);
                hashes.add(KeyTokens.hash(token));
            }
            tokens.replaceGatewayHashes(hashes);
        }
    }

    /**
     * Creates the admin token when there is none; links tokens of databases from before users existed to the first
     * admin created now.
     */
    private void ensureAdminToken(Optional<AppUser> createdAdmin) {
        var existing = repository.admins();
        if (!existing.isEmpty()) {
            createdAdmin.ifPresent(user -> existing.stream().filter(t -> t.userId == null)
                    .forEach(t -> t.userId = user.id));
            return;
        }
        AppUser owner = createdAdmin.orElseGet(firstAdmin::oldestAdmin);
        Optional<String> configured = nonBlank(config.bootstrapAdminToken());
        String token = configured.orElseGet(() -> RandomTokens.generate(RandomTokens.ADMIN_PREFIX));
        AccessToken stored = AccessToken.of(AccessToken.Kind.admin, KeyTokens.hash(token));
        stored.userId = owner == null ? null : owner.id;
        repository.persist(stored);
        if (configured.isPresent()) {
            LOG.info("first admin token taken from PORTCULLIS_BOOTSTRAP_ADMIN_TOKEN (only its hash is stored)");
        } else {
            printOnce("Admin API token (send as 'Authorization: Bearer <token>')", token);
        }
    }

    static void printOnce(String title, String secret) {
        String rule = "=".repeat(78);
        LOG.warnf("%n%s%n  %s%n%n      %s%n%n  Shown once: only its hash is stored. Keep it now.%n%s",
                rule, title, secret, rule);
    }

    private static Optional<String> nonBlank(Optional<String> value) {
        return value.map(String::trim).filter(v -> !v.isEmpty());
    }
}
