package dev.portcullis.controlplane.user;

import dev.portcullis.controlplane.audit.AuditLog;
import dev.portcullis.controlplane.common.ProblemException;
import dev.portcullis.controlplane.session.SessionService;
import dev.portcullis.controlplane.session.SignInThrottle;
import dev.portcullis.model.validation.FieldError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;

/**
 * Rules for users: unique usernames (case-insensitive), bcrypt passwords, and at least one enabled admin at all
 * times (changes that could remove the last one are serialised). Disabling, deleting or resetting the password of
 * a user ends their sessions. Every change is audited in its transaction.
 */
@ApplicationScoped
public class UserService {

    private final UserRepository users;
    private final SessionService sessions;
    private final AuditLog audit;
    private final SignInThrottle throttle;

    UserService(UserRepository users, SessionService sessions, AuditLog audit, SignInThrottle throttle) {
        this.users = users;
        this.sessions = sessions;
        this.audit = audit;
        this.throttle = throttle;
    }

    @Transactional
    public List<AppUser> list() {
        return users.allByUsername();
    }

    @Transactional
    public AppUser get(long id) {
        return users.findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("user", Long.toString(id)));
    }

    @Transactional
    public AppUser create(String username, Role role, String password) {
        if (users.findByUsername(username).isPresent()) {
            throw new ProblemException(ProblemException.conflict("user '" + username + "' already exists").problem()
                    .withErrors(List.of(new FieldError("username", "is taken"))));
        }
        Instant now = Instant.now();
        AppUser user = new AppUser();
        user.username = username;
        user.role = role;
        user.passwordHash = Passwords.hash(password);
        user.enabled = true;
        user.createdAt = now;
        user.updatedAt = now;
        users.persistAndFlush(user);
        audit.record("create", "user", user.username, null, UserView.of(user));
        return user;
    }

    /** Applies the non-null fields: role, enabled, password. */
    @Transactional
    public AppUser update(long id, Role role, Boolean enabled, String password) {
        users.lockAdmins();
        AppUser user = get(id);
        UserView before = UserView.of(user);
        boolean wasActiveAdmin = user.enabled && user.role == Role.admin;
        boolean staysActiveAdmin = (enabled == null ? user.enabled : enabled)
                && (role == null ? user.role : role) == Role.admin;
        if (wasActiveAdmin && !staysActiveAdmin) {
            requireAnotherAdmin(role != null && role != Role.admin ? "role" : "enabled");
        }
        if (role != null) {
            user.role = role;
        }
        if (enabled != null) {
            user.enabled = enabled;
        }
        if (password != null) {
            user.passwordHash = Passwords.hash(password);
        }
        user.updatedAt = Instant.now();
        if (!user.enabled || password != null) {
            sessions.endAll(user.id);
        }
        if (password != null) {
            throttle.clearUser(user.username);
        }
        users.flush();
        audit.record(password != null && role == null && enabled == null ? "reset-password" : "update", "user",
                user.username, before, password == null ? UserView.of(user) : new Changed(UserView.of(user), "***"));
        return user;
    }

    @Transactional
    public void delete(long id) {
        users.lockAdmins();
        AppUser user = get(id);
        if (user.enabled && user.role == Role.admin) {
            requireAnotherAdmin("id");
        }
        UserView before = UserView.of(user);
        users.delete(user);
        audit.record("delete", "user", before.username(), before, null);
    }

    /** Call before changing the user: the count still includes them. */
    private void requireAnotherAdmin(String field) {
        if (users.countEnabledAdmins() <= 1) {
            throw new ProblemException(ProblemException.conflict("this is the last enabled admin; make another user"
                    + " admin first").problem().withErrors(List.of(new FieldError(field,
                    "would leave no enabled admin"))));
        }
    }

    /** The audit "after" of a password change: the user and a masked password. */
    record Changed(UserView user, String password) {
    }
}
