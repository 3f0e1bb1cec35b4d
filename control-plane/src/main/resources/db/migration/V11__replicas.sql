-- What every control-plane replica must see the same: which replica holds a snapshot stream of which gateway, and
-- sign-in attempts for the throttle.

-- One row per gateway and replica holding at least one of its streams open. refreshed_at moves on every ping tick
-- of the replica; a row not refreshed for a few ticks belongs to a replica that stopped without closing it.
create table gateway_stream (
    gateway_id   text        not null references gateway (id) on delete cascade,
    replica_id   text        not null,
    opened_at    timestamptz not null,
    refreshed_at timestamptz not null,
    primary key (gateway_id, replica_id)
);
create index gateway_stream_replica_idx on gateway_stream (replica_id);

-- Sign-in attempts within the throttle window. A row with a username_hash counts against that username from that
-- address; a row without one counts against the address. Both are HMAC-SHA256 under a key derived from the master
-- key: a password typed into the username field never reaches the database, not even as a plain hash.
create table sign_in_attempt (
    id            bigserial primary key,
    username_hash text,
    address_hash  text        not null,
    at            timestamptz not null
);
create index sign_in_attempt_key_idx on sign_in_attempt (address_hash, username_hash, at);
create index sign_in_attempt_at_idx on sign_in_attempt (at);
