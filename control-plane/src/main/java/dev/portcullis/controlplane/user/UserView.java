package dev.portcullis.controlplane.user;

import java.time.Instant;

/** A user as the API shows it; never the password hash. */
public record UserView(long id, String username, Role role, boolean enabled, Instant createdAt, Instant updatedAt) {

    public static UserView of(AppUser user) {
        return new UserView(user.id, user.username, user.role, user.enabled, user.createdAt, user.updatedAt);
    }
}
