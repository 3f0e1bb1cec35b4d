-- Secrets that proxy definitions reference by name (ADR 0002). Values only as AES-256-GCM ciphertext
-- under the master key, with the name as additional data: a row copied to another name does not decrypt.
create table secret (
    name       text primary key check (name ~ '^[A-Za-z0-9._-]{1,64}$'),
    nonce      bytea       not null,
    ciphertext bytea       not null,
    created_at timestamptz not null,
    updated_at timestamptz not null
);
