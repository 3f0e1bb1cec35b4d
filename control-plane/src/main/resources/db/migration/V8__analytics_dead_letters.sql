-- Analytics dead letters (docs/analytics.md, "Dead letters"): each stream entry the control plane could not store,
-- kept with its entry id, the start of its payload and the error, so one bad entry never holds up the entries
-- behind it and an operator can see what it was. The daily count in analytics_dead_letter (V4) goes on counting
-- every dead letter. Deleted after the raw-record retention.
create table analytics_dead_letter_entry (
    id               bigserial   primary key,
    stream           text        not null,
    stream_id        text        not null,
    payload          text        not null,
    payload_length   integer     not null,
    error            text        not null,
    dead_lettered_at timestamptz not null default now(),
    -- A redelivered entry (a crash between commit and XACK) is stored once.
    unique (stream, stream_id)
);
create index analytics_dead_letter_entry_time on analytics_dead_letter_entry (dead_lettered_at desc, id desc);

-- Set when the gateway cut a client-controlled string of the record to its bound.
alter table analytics_record add column truncated boolean not null default false;
