package dev.portcullis.controlplane.distribution;

import dev.portcullis.controlplane.user.Role;
import jakarta.annotation.security.RolesAllowed;
import dev.portcullis.model.snapshot.Ed25519Keys;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/signing-key}: the public key gateways verify snapshots with ({@code PORTCULLIS_FEED_PUBLIC_KEY}). */
@Path("/api/signing-key")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Gateways")
@RolesAllowed(Role.VIEWER)
public class SigningKeyResource {

    /** @param publicKey base64 of the X.509 encoding; {@code pem} is the same key as a PEM document */
    public record SigningKeyView(String keyId, String publicKey, String pem) {
    }

    private final SigningKeys keys;

    SigningKeyResource(SigningKeys keys) {
        this.keys = keys;
    }

    @GET
    @Operation(operationId = "getSigningKey", summary = "The snapshot signing public key and its key id")
    public SigningKeyView get() {
        var publicKey = keys.publicKey();
        return new SigningKeyView(Ed25519Keys.keyId(publicKey), Ed25519Keys.publicToBase64(publicKey),
                Ed25519Keys.toPem(publicKey));
    }
}
