-- Tool pinning (docs/pinning.md): per proxy, a mode; the approved definition of each tool, prompt and resource
-- template (its canonical hash and the definition itself); and the changes gateways reported that no
-- administrator has approved yet, one row per proxy, primitive and hash.
create table proxy_pinning (
    proxy_id   text primary key references proxy (id) on delete cascade,
    mode       text        not null check (mode in ('off', 'observe', 'enforce')),
    updated_at timestamptz not null,
    updated_by text        not null
);

create table tool_pin (
    id          bigserial   primary key,
    proxy_id    text        not null references proxy (id) on delete cascade,
    kind        text        not null check (kind in ('tool', 'prompt', 'resourceTemplate')),
    name        text        not null,
    hash        text        not null,
    definition  jsonb       not null,
    approved_at timestamptz not null,
    approved_by text        not null,
    unique (proxy_id, kind, name)
);

create table pin_change (
    id            bigserial   primary key,
    proxy_id      text        not null references proxy (id) on delete cascade,
    kind          text        not null check (kind in ('tool', 'prompt', 'resourceTemplate')),
    name          text        not null,
    hash          text        not null,
    approved_hash text,
    definition    jsonb       not null,
    mode          text        not null,
    first_gateway text        not null,
    first_seen    timestamptz not null,
    last_seen     timestamptz not null,
    reports       integer     not null default 1,
    unique (proxy_id, kind, name, hash)
);
create index pin_change_seen_idx on pin_change (first_seen desc, id desc);
