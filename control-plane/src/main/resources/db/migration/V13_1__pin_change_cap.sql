-- Pending pin changes are capped per primitive (the latest few are kept, docs/pinning.md): how many older changes
-- of each primitive were dropped to keep them so. Removed with the primitive's last pending change.
create table pin_change_dropped (
    proxy_id text   not null references proxy (id) on delete cascade,
    kind     text   not null,
    name     text   not null,
    dropped  bigint not null,
    primary key (proxy_id, kind, name)
);
