package dev.portcullis.gateway.filter.auth.jwt;

import dev.portcullis.gateway.error.GatewayError;
import dev.portcullis.gateway.error.GatewayErrors;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.NoSuchKeyIdException;
import io.vertx.ext.auth.impl.jose.JWT;

/**
 * Verifies a compact JWS against the keys of a JWKS URL with Vert.x's JOSE implementation. Before any key is
 * consulted, the header must name RS256, ES256 or EdDSA and carry no {@code crit} extension: {@code alg: none},
 * HMAC algorithms (the "public key as HMAC secret" confusion) and everything else are refused outright. Signature
 * checks are CPU work of microseconds and run on the calling event loop; only JWKS fetches are asynchronous.
 */
public final class JwtVerifier {

    /** The outcome: the verified payload, or the error to answer with. */
    public sealed interface Result {
        record Verified(JsonObject claims) implements Result {
        }

        record Refused(GatewayError error) implements Result {
        }
    }

    private final JwksCache jwks;

    public JwtVerifier(JwksCache jwks) {
        this.jwks = jwks;
    }

    public Future<Result> verify(String token, String jwksUrl) {
        GatewayError malformed = checkHeader(token);
        if (malformed != null) {
            return Future.succeededFuture(new Result.Refused(malformed));
        }
        return jwks.keys(jwksUrl).compose(keys -> {
            Result first = decode(keys, token);
            if (!(first instanceof Result.Refused refused) || !"unknown_signing_key".equals(refused.error().reason())) {
                return Future.succeededFuture(first);
            }
            return jwks.refresh(jwksUrl).map(fresh -> fresh == keys ? first : decode(fresh, token));
        }, failure -> Future.succeededFuture(new Result.Refused(GatewayErrors.authorizationServerUnavailable())));
    }

    /** Null when the token is a three-part JWS whose header names an allowed algorithm. */
    static GatewayError checkHeader(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            return GatewayErrors.invalidToken("token is not a signed JWT", "malformed_token");
        }
        JsonObject header;
        try {
            header = JWT.parse(token).getJsonObject("header");
        } catch (RuntimeException e) {
            return GatewayErrors.invalidToken("token is not a signed JWT", "malformed_token");
        }
        Object alg = header.getValue("alg");
        if (!(alg instanceof String name) || !JwksCache.ALGORITHMS.contains(name)) {
            return GatewayErrors.invalidToken("token algorithm is not accepted", "unsupported_algorithm");
        }
        if (header.containsKey("crit")) {
            return GatewayErrors.invalidToken("token uses unsupported critical extensions", "malformed_token");
        }
        return null;
    }

    private static Result decode(JwksCache.KeySet keys, String token) {
        if (keys.size() == 0) {
            // a JWT with no keys would accept unsigned tokens: never decode with it
            return new Result.Refused(GatewayErrors.invalidToken("token was signed by an unknown key",
                    "unknown_signing_key"));
        }
        try {
            return new Result.Verified(keys.verifier().decode(token));
        } catch (NoSuchKeyIdException e) {
            return new Result.Refused(GatewayErrors.invalidToken("token was signed by an unknown key",
                    "unknown_signing_key"));
        } catch (RuntimeException e) {
            return new Result.Refused(GatewayErrors.invalidToken("token signature is not valid", "invalid_signature"));
        }
    }
}
