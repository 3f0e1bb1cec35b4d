-- Dashboard users. Passwords are bcrypt hashes; usernames are unique without regard to case.
create table app_user (
    id            bigserial primary key,
    username      text        not null,
    role          text        not null check (role in ('admin', 'editor', 'viewer')),
    password_hash text        not null,
    enabled       boolean     not null default true,
    created_at    timestamptz not null,
    updated_at    timestamptz not null,
    version       bigint      not null default 0
);
create unique index app_user_username_idx on app_user (lower(username));

-- The bootstrap admin token belongs to the first admin user; it stops working with that user.
alter table access_token add column user_id bigint references app_user (id) on delete cascade;

-- Automation tokens are signed JWTs; only their id (jti), a SHA-256 of the token and metadata are stored.
create table api_token (
    jti          text primary key,
    user_id      bigint      not null references app_user (id) on delete cascade,
    name         text        not null,
    role         text        not null check (role in ('admin', 'editor', 'viewer')),
    token_hash   text        not null,
    created_at   timestamptz not null,
    expires_at   timestamptz,
    revoked_at   timestamptz
);
create index api_token_user_idx on api_token (user_id);

-- Dashboard sessions: the cookie carries a random id; only its SHA-256 is stored.
create table ui_session (
    id_hash      text primary key,
    user_id      bigint      not null references app_user (id) on delete cascade,
    created_at   timestamptz not null,
    last_seen_at timestamptz not null,
    expires_at   timestamptz not null
);
create index ui_session_user_idx on ui_session (user_id);
-- The periodic sweep deletes by either end; each has an index so it never scans the table.
create index ui_session_expires_idx on ui_session (expires_at);
create index ui_session_last_seen_idx on ui_session (last_seen_at);

-- Every change: who, when, what, and the entity before and after with secrets masked.
create table audit_entry (
    id          bigserial primary key,
    at          timestamptz not null,
    actor       text        not null,
    action      text        not null,
    entity_type text        not null,
    entity_id   text        not null,
    before      jsonb,
    after       jsonb
);
create index audit_entry_at_idx on audit_entry (at desc, id desc);
create index audit_entry_entity_idx on audit_entry (entity_type, entity_id);
create index audit_entry_actor_idx on audit_entry (actor);
