-- Policies (issue 3). The validated definition is kept as jsonb (camelCase, defaults filled in); the ids of the
-- proxies its accessRights grant are copied into an array so "which policies grant proxy X" is an index lookup.
create table policy (
    id          text primary key,
    name        text        not null,
    proxies     text[]      not null default '{}',
    definition  jsonb       not null,
    version     bigint      not null,
    created_at  timestamptz not null,
    updated_at  timestamptz not null
);
create index policy_proxies_idx on policy using gin (proxies);

-- Keys link to policies through api_key.policies (text[], since V1); this index answers "which keys use policy X".
create index api_key_policies_idx on api_key using gin (policies);

-- Deleting a proxy removes it from every policy's accessRights in the same transaction, as it is removed from
-- keys' proxies: a later proxy reusing the id must not silently inherit grants. A trigger does it so every delete
-- path is covered; the policy's version (its ETag) moves on like any other change.
create function policy_forget_proxy() returns trigger language plpgsql as $$
begin
    update policy
       set definition = definition #- array['accessRights', old.id],
           proxies    = array_remove(proxies, old.id),
           version    = version + 1,
           updated_at = now()
     where old.id = any(proxies);
    return old;
end;
$$;

create trigger proxy_delete_forget_in_policies
    after delete on proxy
    for each row execute function policy_forget_proxy();
