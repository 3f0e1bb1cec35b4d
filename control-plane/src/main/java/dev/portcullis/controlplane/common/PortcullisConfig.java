package dev.portcullis.controlplane.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The control plane's settings. Each one also has the environment-variable form SmallRye derives from its name
 * ({@code portcullis.cp-port} is {@code PORTCULLIS_CP_PORT}); docs/api.md lists them.
 */
@ConfigMapping(prefix = "portcullis")
public interface PortcullisConfig {

    /** Interface the HTTP server binds ({@code PORTCULLIS_BIND_HOST}); read by quarkus.http.host. */
    @WithDefault("0.0.0.0")
    String bindHost();

    /** HTTP port of the Dashboard API and the gateway feed ({@code PORTCULLIS_CP_PORT}). */
    @WithDefault("3000")
    int cpPort();

    /**
     * Port of the management interface, which serves {@code /q/metrics} ({@code PORTCULLIS_CP_MANAGEMENT_PORT});
     * read by quarkus.management.port.
     */
    @WithDefault("9000")
    int cpManagementPort();

    Db db();

    /**
     * Where keys are kept when no setting provides them: {@code signing/}, {@code master.key}, {@code tokens/}
     * ({@code PORTCULLIS_DATA_DIR}).
     */
    @WithDefault("./data/control-plane")
    Path dataDir();

    /**
     * Whether a key that no setting provides and the data directory does not hold is generated there on first start
     * ({@code PORTCULLIS_GENERATE_KEYS}). For a single node only ({@code ./portcullis up} sets it): replicas must
     * share their keys, so without it a missing key stops the start.
     */
    @WithDefault("false")
    boolean generateKeys();

    /**
     * The Ed25519 private key snapshots are signed with, PKCS#8 as PEM or one-line base64
     * ({@code PORTCULLIS_SNAPSHOT_SIGNING_KEY}). Set this or {@link #snapshotSigningKeyFile()}, not both.
     */
    Optional<String> snapshotSigningKey();

    /** A file holding the snapshot signing key as PEM ({@code PORTCULLIS_SNAPSHOT_SIGNING_KEY_FILE}). */
    Optional<String> snapshotSigningKeyFile();

    /** Base64 of the 32-byte AES key secrets are encrypted with at rest ({@code PORTCULLIS_MASTER_KEY}). */
    Optional<String> masterKey();

    /** A file holding the secrets master key in base64 ({@code PORTCULLIS_MASTER_KEY_FILE}). */
    Optional<String> masterKeyFile();

    /**
     * The RSA private key API tokens are signed with, PKCS#8 as PEM or one-line base64
     * ({@code PORTCULLIS_API_TOKEN_SIGNING_KEY}).
     */
    Optional<String> apiTokenSigningKey();

    /** A file holding the API-token signing key as PEM ({@code PORTCULLIS_API_TOKEN_SIGNING_KEY_FILE}). */
    Optional<String> apiTokenSigningKeyFile();

    /**
     * First admin token, used only when the database has none ({@code PORTCULLIS_BOOTSTRAP_ADMIN_TOKEN}). Only its
     * hash is stored. Without it a token is generated and printed once.
     */
    Optional<String> bootstrapAdminToken();

    /**
     * Token gateways present on the feed ({@code PORTCULLIS_GATEWAY_TOKEN}). Without it one is generated on first
     * start, its hash stored, and the token printed once.
     */
    Optional<String> gatewayToken();

    /**
     * Password of the first dashboard user {@code admin}, used only when the database has no user
     * ({@code PORTCULLIS_BOOTSTRAP_ADMIN_PASSWORD}). Without it a password is generated and printed once.
     */
    Optional<String> bootstrapAdminPassword();

    /**
     * Link-local and cloud metadata ranges an upstream may nevertheless use
     * ({@code PORTCULLIS_UPSTREAM_ALLOWED_PRIVATE_RANGES}: CIDRs separated by commas, such as
     * {@code 169.254.10.0/24,fe80::/10}). None by default: {@code upstream.url} and {@code upstream.targets} at
     * 169.254.0.0/16, fe80::/10 or fd00:ec2::254 are refused, and the primitives listing does not dial a host name
     * that resolves there. Gateways take the same setting.
     */
    Optional<List<String>> upstreamAllowedPrivateRanges();

    /**
     * The folder of operator plugin jars ({@code PORTCULLIS_PLUGINS_DIR}; docs/plugins.md). A plugin found there has
     * its configs checked when a proxy is saved; a plugin the control plane lacks is accepted and checked by the
     * gateways. A folder that does not exist means no plugins.
     */
    @WithDefault("./plugins")
    String pluginsDir();

    /**
     * Whether the dashboard session cookie is {@code Secure} ({@code PORTCULLIS_COOKIE_SECURE}). Turn it off only
     * for plain http on localhost: browsers do not send Secure cookies over http.
     */
    @WithDefault("true")
    boolean cookieSecure();

    /**
     * How many configuration versions {@code /api/config/versions} keeps ({@code PORTCULLIS_CONFIG_HISTORY}); older
     * ones are pruned in the transaction that records a new one. At least 1: the current version is always kept.
     */
    @WithDefault("1000")
    int configHistory();

    Session session();

    Dashboard dashboard();

    Feed feed();

    SessionKeys sessionKeys();

    interface SessionKeys {
        /**
         * How long a session key still opens MCP session ids after a rotation replaced it
         * ({@code PORTCULLIS_SESSION_KEYS_PREVIOUS_KEY_LIFETIME}): live sessions sealed with it keep working for
         * this long, then their agents must open new ones.
         */
        @WithDefault("24h")
        Duration previousKeyLifetime();
    }

    interface Session {
        /** A dashboard session ends after this long without a request ({@code PORTCULLIS_SESSION_IDLE_TIMEOUT}). */
        @WithDefault("30m")
        Duration idleTimeout();

        /** A dashboard session ends this long after sign-in whatever happens ({@code PORTCULLIS_SESSION_MAX_AGE}). */
        @WithDefault("12h")
        Duration maxAge();
    }

    interface Dashboard {
        /**
         * Base URL agents reach gateways at, shown as each proxy's gateway URL
         * ({@code PORTCULLIS_DASHBOARD_GATEWAY_URL}); without it the dashboard shows only the listen path.
         */
        Optional<String> gatewayUrl();
    }

    interface Db {
        /** {@code PORTCULLIS_DB_URL}; read by quarkus.datasource.jdbc.url. */
        @WithDefault("jdbc:postgresql://127.0.0.1:5432/portcullis")
        String url();

        /** {@code PORTCULLIS_DB_USER}. */
        @WithDefault("postgres")
        String user();

        /** {@code PORTCULLIS_DB_PASSWORD}; empty for trust authentication. */
        Optional<String> password();
    }

    interface Feed {
        /** Interval of the {@code : ping} comment on snapshot streams, which keeps idle proxies from cutting them. */
        @WithDefault("15s")
        Duration pingInterval();
    }
}
