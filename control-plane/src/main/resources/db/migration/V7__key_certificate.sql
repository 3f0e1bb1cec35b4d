-- Keys bound to client certificates (SPEC section 2, mutual TLS): the SHA-256 fingerprints of the certificates a
-- key is accepted with, 64 lowercase hex digits each. Empty = not bound. A fingerprint is not a secret.
alter table api_key add column certificate_fingerprints text[] not null default '{}';
