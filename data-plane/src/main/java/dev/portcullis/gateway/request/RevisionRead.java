package dev.portcullis.gateway.request;

import dev.portcullis.gateway.error.GatewayError;
import java.util.Objects;

/** What the {@code MCP-Protocol-Version} header of a request says: a revision the gateway speaks, or a refusal. */
public sealed interface RevisionRead {

    /** The revision to route the request under; {@link ProtocolRevision#UNDECLARED} for a refused one. */
    ProtocolRevision revision();

    record Declared(ProtocolRevision revision) implements RevisionRead {
        public Declared {
            Objects.requireNonNull(revision, "revision");
        }
    }

    /** A version the gateway does not speak (-32022), or a repeated header (-32020). */
    record Refused(GatewayError error) implements RevisionRead {
        public Refused {
            Objects.requireNonNull(error, "error");
        }

        @Override
        public ProtocolRevision revision() {
            return ProtocolRevision.UNDECLARED;
        }
    }
}
