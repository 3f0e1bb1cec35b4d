-- Configuration history: one row per configuration version, written in the transaction that takes the version,
-- holding the proxy definitions and policies as they are after that change (arrays sorted by id). Keys and
-- secrets are not kept here: a rollback never revives them. Old rows are pruned (PORTCULLIS_CONFIG_HISTORY).
create table config_history (
    version    bigint primary key,
    changed_at timestamptz not null,
    actor      text        not null,
    change     text        not null,
    proxies    jsonb       not null,
    policies   jsonb       not null
);

-- The version current when history begins (the empty initial configuration on a new database, whatever exists on
-- an upgraded one) is the first row, so every version from here on can be compared with and rolled back to.
insert into config_history (version, changed_at, actor, change, proxies, policies)
select s.version, s.changed_at, 'system', 'initial configuration',
       (select coalesce(jsonb_agg(p.definition order by p.id collate "C"), '[]'::jsonb) from proxy p),
       (select coalesce(jsonb_agg(p.definition order by p.id collate "C"), '[]'::jsonb) from policy p)
  from config_state s
 where s.id = 1;
