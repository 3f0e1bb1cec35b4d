package dev.portcullis.gateway.support.oauth;

import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * A key pair generated for one test run, able to sign compact JWS with the JDK alone (independent of the Vert.x
 * JOSE code under test) and to publish itself as a JWK.
 */
public record SigningKey(String kid, String alg, KeyPair pair) {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    public static SigningKey rsa(String kid) {
        return new SigningKey(kid, "RS256", generate("RSA", null));
    }

    public static SigningKey ec(String kid) {
        return new SigningKey(kid, "ES256", generate("EC", new ECGenParameterSpec("secp256r1")));
    }

    public static SigningKey ed25519(String kid) {
        return new SigningKey(kid, "EdDSA", generate("Ed25519", null));
    }

    private static KeyPair generate(String algorithm, ECGenParameterSpec spec) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (spec != null) {
                generator.initialize(spec);
            } else if (algorithm.equals("RSA")) {
                generator.initialize(2048);
            }
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public JWK, as a JWKS would list it. */
    public JsonObject jwk() {
        JsonObject jwk = new JsonObject().put("kid", kid).put("alg", alg).put("use", "sig");
        if (pair.getPublic() instanceof RSAPublicKey rsa) {
            return jwk.put("kty", "RSA").put("n", unsigned(rsa.getModulus())).put("e", unsigned(rsa.getPublicExponent()));
        }
        if (pair.getPublic() instanceof ECPublicKey ec) {
            return jwk.put("kty", "EC").put("crv", "P-256")
                    .put("x", B64.encodeToString(fixed(ec.getW().getAffineX(), 32)))
                    .put("y", B64.encodeToString(fixed(ec.getW().getAffineY(), 32)));
        }
        byte[] encoded = pair.getPublic().getEncoded(); // X.509: 12-byte prefix, then the raw 32-byte key
        return jwk.put("kty", "OKP").put("crv", "Ed25519")
                .put("x", B64.encodeToString(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length)));
    }

    /** A signed JWT with this key's algorithm and kid. */
    public String sign(JsonObject claims) {
        return sign(new JsonObject().put("alg", alg).put("typ", "JWT").put("kid", kid), claims);
    }

    public String sign(JsonObject header, JsonObject claims) {
        String input = encode(header) + "." + encode(claims);
        try {
            Signature signature = Signature.getInstance(switch (alg) {
                case "RS256" -> "SHA256withRSA";
                case "ES256" -> "SHA256withECDSAinP1363Format";
                default -> "Ed25519";
            });
            signature.initSign(pair.getPrivate());
            signature.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + B64.encodeToString(signature.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String encode(JsonObject json) {
        return B64.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
    }

    public static String b64(byte[] bytes) {
        return B64.encodeToString(bytes);
    }

    private static String unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return B64.encodeToString(bytes);
    }

    private static byte[] fixed(BigInteger value, int length) {
        byte[] bytes = value.toByteArray();
        if (bytes.length == length) {
            return bytes;
        }
        byte[] result = new byte[length];
        int copy = Math.min(bytes.length, length);
        System.arraycopy(bytes, bytes.length - copy, result, length - copy, copy);
        return result;
    }
}
