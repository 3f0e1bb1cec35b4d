package dev.portcullis.controlplane.user;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Optional;

/**
 * Creates the first dashboard user, {@value #USERNAME} (role admin), when the database has no user. Its password
 * is the configured one or a generated one printed once in the log (the only place it is ever shown).
 */
@ApplicationScoped
public class FirstAdmin {

    public static final String USERNAME = "admin";
    private static final Logger LOG = Logger.getLogger(FirstAdmin.class);

    private final UserRepository users;

    FirstAdmin(UserRepository users) {
        this.users = users;
    }

    /** Creates the first admin if there is no user yet; returns it when created. Caller holds the bootstrap lock. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<AppUser> ensure(Optional<String> configuredPassword) {
        if (users.count() > 0) {
            return Optional.empty();
        }
        String password = configuredPassword.orElseGet(Passwords::generate);
        Instant now = Instant.now();
        AppUser admin = new AppUser();
        admin.username = USERNAME;
        admin.role = Role.admin;
        admin.passwordHash = Passwords.hash(password);
        admin.enabled = true;
        admin.createdAt = now;
        admin.updatedAt = now;
        users.persistAndFlush(admin);
        if (configuredPassword.isPresent()) {
            LOG.info("first dashboard user 'admin' created with the password from PORTCULLIS_BOOTSTRAP_ADMIN_PASSWORD");
        } else {
            String rule = "=".repeat(78);
            LOG.warnf("%n%s%n  Dashboard sign-in (/ui/sign-in)%n%n      username: %s%n      password: %s%n%n"
                    + "  Shown once: only a bcrypt hash is stored. Keep it now.%n%s", rule, USERNAME, password, rule);
        }
        return Optional.of(admin);
    }

    /** The earliest-created enabled admin, or null. */
    @Transactional(Transactional.TxType.MANDATORY)
    public AppUser oldestAdmin() {
        return users.find("role = ?1 and enabled = true order by createdAt, id", Role.admin).firstResult();
    }
}
