-- Analytics (ADR 0003, docs/analytics.md). Raw records from the gateways' Redis stream, ingested once by id, and
-- additive roll-ups per minute, hour and day. In the roll-ups an absent proxy, primitive or key is '' and an absent
-- gateway error code is 0, so they can be part of the primary key. latency_histogram has 16 counters, one per
-- bucket of AnalyticsRollup.LATENCY_BOUNDS_MS (upper bounds 1, 2, 5, 10, 20, 50, 100, 200, 500 ms, 1, 2, 5, 10,
-- 30, 60 s and above).
create table analytics_record (
    id                      text primary key,
    time                    timestamptz not null,
    gateway                 text        not null,
    proxy_id                text,
    http_method             text        not null,
    path                    text        not null,
    status                  integer     not null,
    latency_micros          bigint      not null,
    upstream_latency_micros bigint,
    bytes_in                bigint      not null,
    bytes_out               bigint      not null,
    consumer_type           text,
    key_id                  text,
    alias                   text,
    mcp_method              text,
    primitive_type          text,
    primitive_name          text,
    error_code              integer,
    error_reason            text,
    session_id_hash         text,
    trace_id                text,
    upstream_error_code     integer,
    tool_error              boolean     not null default false,
    ingested_at             timestamptz not null default now()
);
create index analytics_record_time on analytics_record (time desc, id desc);

create table analytics_minute (
    bucket             timestamptz not null,
    proxy_id           text        not null,
    primitive_type     text        not null,
    primitive_name     text        not null,
    key_id             text        not null,
    status             integer     not null,
    error_code         integer     not null,
    alias              text        not null,
    requests           bigint      not null,
    errors             bigint      not null,
    latency_sum_micros bigint      not null,
    latency_max_micros bigint      not null,
    latency_histogram  bigint[]    not null check (cardinality(latency_histogram) = 16),
    primary key (bucket, proxy_id, primitive_type, primitive_name, key_id, status, error_code)
);

-- Traffic filtered by key or alias reads these tables through these covering indexes: an index-only scan in the
-- order the traffic query groups by (docs/performance.md, "Analytics queries").
create index analytics_minute_key on analytics_minute (key_id, bucket, proxy_id, primitive_type, primitive_name,
    status) include (requests, errors);
create index analytics_minute_alias on analytics_minute (alias, bucket, proxy_id, primitive_type, primitive_name,
    status) include (requests, errors);

create table analytics_hour (like analytics_minute including all);
create table analytics_day (like analytics_minute including all);

-- Traffic roll-ups: the same counts without key, alias, gateway error code and latency, so a traffic chart reads
-- one row per bucket, primitive and status whatever the number of keys. Written with the roll-ups above, in the same
-- transaction. The primary key is in the order the traffic query groups and sorts by; requests and errors are
-- included so the read is an index-only scan.
create table analytics_traffic_minute (
    bucket         timestamptz not null,
    proxy_id       text        not null,
    primitive_type text        not null,
    primitive_name text        not null,
    status         integer     not null,
    requests       bigint      not null,
    errors         bigint      not null,
    primary key (bucket, proxy_id, primitive_type, primitive_name, status) include (requests, errors)
);
create index analytics_traffic_minute_proxy on analytics_traffic_minute (proxy_id, primitive_type, primitive_name,
    bucket);

create table analytics_traffic_hour (like analytics_traffic_minute including all);
create table analytics_traffic_day (like analytics_traffic_minute including all);

-- Entries that could not be parsed, counted (never stored: their content is unknown and may be sensitive).
create table analytics_dead_letter (
    day     date   primary key,
    entries bigint not null
);
