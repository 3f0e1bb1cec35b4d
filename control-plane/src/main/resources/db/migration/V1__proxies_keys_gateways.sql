-- Configuration version: one sequence, copied into the single config_state row by every change in the same
-- transaction. The row update also serialises writers, so versions commit in order and a snapshot read under a
-- share lock on the row sees exactly the data of the version it carries.
create sequence config_version_seq;

create table config_state (
    id         integer primary key check (id = 1),
    version    bigint      not null,
    changed_at timestamptz not null
);
insert into config_state (id, version, changed_at) values (1, nextval('config_version_seq'), now());

create table proxy (
    id           text primary key,
    name         text        not null,
    listen_path  text        not null,
    gateway_tags text[]      not null default '{}',
    active       boolean     not null,
    definition   jsonb       not null,
    version      bigint      not null,
    created_at   timestamptz not null,
    updated_at   timestamptz not null
);
create index proxy_listen_path_idx on proxy (listen_path);
create index proxy_gateway_tags_idx on proxy using gin (gateway_tags);

create table api_key (
    id           text primary key,
    alias        text        not null,
    token_hash   text        not null unique,
    proxies      text[]      not null default '{}',
    policies     text[]      not null default '{}',
    state        text        not null check (state in ('active', 'revoked')),
    expires_at   timestamptz,
    created_at   timestamptz not null,
    revoked_at   timestamptz,
    last_used_at timestamptz,
    version      bigint      not null
);
create index api_key_alias_idx on api_key (lower(alias));
create index api_key_proxies_idx on api_key using gin (proxies);

-- Admin API tokens and the gateway feed token: SHA-256 hashes only, never the tokens.
create table access_token (
    id         bigserial primary key,
    kind       text        not null check (kind in ('admin', 'gateway')),
    token_hash text        not null unique,
    created_at timestamptz not null
);

create table gateway (
    id                      text primary key,
    tags                    text[]      not null default '{}',
    first_seen              timestamptz not null,
    last_seen               timestamptz not null,
    applied_version         bigint,
    last_rejection_version  bigint,
    last_rejection_reason   text,
    last_rejection_at       timestamptz
);
