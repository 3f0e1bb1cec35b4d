package dev.portcullis.model.proxy;

import dev.portcullis.model.validation.Violations;

/** HTTP Basic credentials sent upstream. The password is usually a {@code ${secret:name}} reference. */
public record BasicAuth(String username, String password) {

    public void validate(Violations at) {
        if (username == null || username.isEmpty()) {
            at.add("username", "must not be blank");
        } else if (username.indexOf(':') >= 0) {
            at.add("username", "must not contain ':'");
        }
        if (password == null) {
            at.add("password", "is required");
        }
    }

    @Override
    public String toString() {
        return "BasicAuth[username=" + username + ", password=***]";
    }
}
