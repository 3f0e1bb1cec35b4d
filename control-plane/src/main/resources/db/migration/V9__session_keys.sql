-- Keys gateways seal MCP session ids with, so a session stays bound to the consumer and proxy that opened it on
-- every gateway. Key material only as AES-256-GCM ciphertext under the master key, with "session-key.<id>" as
-- additional data. The newest row without retired_at is current; a retired key still opens session ids until
-- open_until, then a rotation deletes it.
create table session_key (
    id         integer primary key check (id > 0),
    nonce      bytea       not null,
    ciphertext bytea       not null,
    created_at timestamptz not null,
    retired_at timestamptz,
    open_until timestamptz,
    check ((retired_at is null) = (open_until is null))
);
