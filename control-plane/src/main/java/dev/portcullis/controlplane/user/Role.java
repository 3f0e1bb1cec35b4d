package dev.portcullis.controlplane.user;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A dashboard role. Roles are ordered: an admin may do what an editor may, an editor what a viewer
 * may. A security identity carries its role and every role below it, so resources declare the least role they need:
 * {@code @RolesAllowed(Role.VIEWER)} for reads, {@link #EDITOR} for configuration changes, {@link #ADMIN} for users.
 */
public enum Role {
    viewer, editor, admin;

    public static final String VIEWER = "viewer";
    public static final String EDITOR = "editor";
    public static final String ADMIN = "admin";

    /** This role and every role below it, as security-identity role names. */
    public Set<String> granted() {
        return switch (this) {
            case admin -> Set.of(ADMIN, EDITOR, VIEWER);
            case editor -> Set.of(EDITOR, VIEWER);
            case viewer -> Set.of(VIEWER);
        };
    }

    /** The lower of the two roles: what a token may do when its owner's role was lowered after it was issued. */
    public Role atMost(Role other) {
        return compareTo(other) <= 0 ? this : other;
    }

    /** The role with this name (case-insensitive), or empty. */
    public static Optional<Role> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(name.trim().toLowerCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
