package dev.portcullis.controlplane.proxy;

import dev.portcullis.controlplane.common.StoredDefinition;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A proxy definition as stored, with the columns queries filter on copied out of it. */
@Entity
@Table(name = "proxy")
public class StoredProxy extends StoredDefinition {

    @Column(name = "listen_path", nullable = false)
    public String listenPath;

    @Column(name = "gateway_tags", nullable = false, columnDefinition = "text[]")
    public String[] gatewayTags;

    @Column(nullable = false)
    public boolean active;
}
