-- Virtual servers (docs/virtual-servers.md): a record of a virtual server's request names, besides the virtual
-- server (proxy_id), the member proxy that served it; null for a plain proxy's request and for the answers the
-- virtual server gives from several members (initialize, lists) or itself.
alter table analytics_record add column member text;

-- The roll-ups count per member too ('' when there is none), so a virtual server's traffic can be split by member
-- and a member's traffic includes what it served for virtual servers. The member ends the primary keys, so reads
-- that group by proxy and primitive still scan them in key order (docs/performance.md); rows written before this
-- migration have member ''.
alter table analytics_minute add column member text not null default '';
alter table analytics_hour add column member text not null default '';
alter table analytics_day add column member text not null default '';
alter table analytics_minute drop constraint analytics_minute_pkey,
    add primary key (bucket, proxy_id, primitive_type, primitive_name, key_id, status, error_code, member);
alter table analytics_hour drop constraint analytics_hour_pkey,
    add primary key (bucket, proxy_id, primitive_type, primitive_name, key_id, status, error_code, member);
alter table analytics_day drop constraint analytics_day_pkey,
    add primary key (bucket, proxy_id, primitive_type, primitive_name, key_id, status, error_code, member);

alter table analytics_traffic_minute add column member text not null default '';
alter table analytics_traffic_hour add column member text not null default '';
alter table analytics_traffic_day add column member text not null default '';
alter table analytics_traffic_minute drop constraint analytics_traffic_minute_pkey,
    add primary key (bucket, proxy_id, primitive_type, primitive_name, status, member) include (requests, errors);
alter table analytics_traffic_hour drop constraint analytics_traffic_hour_pkey,
    add primary key (bucket, proxy_id, primitive_type, primitive_name, status, member) include (requests, errors);
alter table analytics_traffic_day drop constraint analytics_traffic_day_pkey,
    add primary key (bucket, proxy_id, primitive_type, primitive_name, status, member) include (requests, errors);
