package dev.portcullis.controlplane.token;

import dev.portcullis.controlplane.audit.AuditLog;
import dev.portcullis.controlplane.auth.AuthAttributes;
import dev.portcullis.controlplane.auth.Identities;
import dev.portcullis.controlplane.common.Problem;
import dev.portcullis.controlplane.common.ProblemException;
import dev.portcullis.controlplane.user.AppUser;
import dev.portcullis.controlplane.user.Role;
import dev.portcullis.controlplane.user.UserRepository;
import dev.portcullis.model.key.KeyTokens;
import dev.portcullis.model.validation.FieldError;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Per-user API tokens: RS256 JWTs ({@code iss} {@value #ISSUER}, {@code sub} username, {@code groups} role,
 * {@code jti}) verified with SmallRye JWT. A valid signature is not enough: the {@code jti} must be stored, not
 * revoked or expired, the stored hash must match, and the owner must be enabled. The effective role is the lower of
 * the token's and its owner's current role.
 */
@ApplicationScoped
public class ApiTokenService {

    public static final String ISSUER = "urn:portcullis:control-plane";
    /** Tokens without an expiry get a JWT {@code exp} far ahead; revocation is how they end. */
    private static final long NO_EXPIRY_DAYS = 3650;

    private final JWTParser parser;
    private final TokenSigningKey key;
    private final UserRepository users;
    private final AuditLog audit;

    ApiTokenService(JWTParser parser, TokenSigningKey key, UserRepository users, AuditLog audit) {
        this.parser = parser;
        this.key = key;
        this.users = users;
        this.audit = audit;
    }

    /** A created token and the JWT, which is returned this once. */
    public record Created(ApiToken token, String owner, String jwt) {
    }

    public static boolean looksLikeJwt(String token) {
        return token.chars().filter(c -> c == '.').count() == 2;
    }

    @Transactional
    public Created create(SecurityIdentity caller, TokenRequest request) {
        AppUser owner = users.findById(AuthAttributes.userId(caller));
        Role ceiling = ceiling(caller, owner);
        Role role = request.role() == null ? ceiling : request.role();
        if (role.compareTo(ceiling) > 0) {
            throw new ProblemException(Problem.of(403, "forbidden", "Forbidden",
                            "role: cannot exceed the role of the credential you call with (" + ceiling + ")")
                    .withErrors(List.of(new FieldError("role",
                            "cannot exceed the role of the credential you call with (" + ceiling + ")"))));
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ApiToken token = new ApiToken();
        token.jti = UUID.randomUUID().toString();
        token.userId = owner.id;
        token.name = request.name();
        token.role = role;
        token.createdAt = now;
        token.expiresAt = request.expiresAt();
        Instant exp = request.expiresAt() != null ? request.expiresAt() : now.plus(NO_EXPIRY_DAYS, ChronoUnit.DAYS);
        String jwt = Jwt.issuer(ISSUER).subject(owner.username).groups(role.name()).claim("jti", token.jti)
                .issuedAt(now).expiresAt(exp).jws().algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.RS256)
                .sign(key.privateKey());
        token.tokenHash = KeyTokens.hash(jwt);
        token.persist();
        audit.record("create", "token", token.jti, null, TokenView.of(token, owner.username, null));
        return new Created(token, owner.username, jwt);
    }

    /**
     * The highest role a new token may have: the role of the credential making the call (a viewer-scoped token of an
     * admin is a viewer here), never above the owner's current role.
     */
    private static Role ceiling(SecurityIdentity caller, AppUser owner) {
        Role effective = Identities.effectiveRole(caller);
        return effective == null ? Role.viewer : effective.atMost(owner.role);
    }

    /** Admins see every token; others their own. */
    @Transactional
    public List<TokenView> list(SecurityIdentity caller) {
        List<ApiToken> tokens = caller.hasRole(Role.ADMIN)
                ? ApiToken.list("order by createdAt desc")
                : ApiToken.list("userId = ?1 order by createdAt desc", AuthAttributes.userId(caller));
        Map<Long, String> owners = new java.util.HashMap<>();
        users.listAll().forEach(user -> owners.put(user.id, user.username));
        return tokens.stream().map(token -> TokenView.of(token, owners.get(token.userId), null)).toList();
    }

    /** Revokes a token of the caller (admins: any token); 404 for a token the caller may not see. */
    @Transactional
    public void revoke(SecurityIdentity caller, String jti) {
        ApiToken token = ApiToken.findById(jti);
        if (token == null || !caller.hasRole(Role.ADMIN) && !token.userId.equals(AuthAttributes.userId(caller))) {
            throw ProblemException.notFound("token", jti);
        }
        if (token.revokedAt != null) {
            throw new ProblemException(Problem.of(409, "conflict", "Conflict", "token '" + jti + "' is already revoked"));
        }
        AppUser owner = users.findById(token.userId);
        TokenView before = TokenView.of(token, owner.username, null);
        token.revokedAt = Instant.now();
        audit.record("revoke", "token", jti, before, TokenView.of(token, owner.username, null));
    }

    /** The identity of a valid, unrevoked token; empty otherwise. Blocking (database). */
    @Transactional
    public Optional<SecurityIdentity> authenticate(String jwt) {
        JsonWebToken parsed;
        try {
            parsed = parser.verify(jwt, key.publicKey());
        } catch (ParseException e) {
            return Optional.empty();
        }
        if (!ISSUER.equals(parsed.getIssuer()) || parsed.getTokenID() == null) {
            return Optional.empty();
        }
        ApiToken token = ApiToken.findById(parsed.getTokenID());
        Instant now = Instant.now();
        if (token == null || token.revokedAt != null || token.expiresAt != null && !token.expiresAt.isAfter(now)
                || !MessageDigest.isEqual(token.tokenHash.getBytes(StandardCharsets.US_ASCII),
                KeyTokens.hash(jwt).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        AppUser owner = users.findById(token.userId);
        if (owner == null || !owner.enabled) {
            return Optional.empty();
        }
        return Optional.of(Identities.of(owner, token.role.atMost(owner.role), AuthAttributes.VIA_TOKEN)
                .addAttribute(AuthAttributes.TOKEN_ID, token.jti).build());
    }
}
