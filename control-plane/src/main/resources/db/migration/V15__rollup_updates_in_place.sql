-- Cheaper roll-up writes (docs/performance.md, "Analytics ingest"). Every ingested batch adds to the roll-up rows
-- of its buckets; PostgreSQL can then update a row in place on its page (a heap-only tuple, writing no index entry)
-- only when no indexed column changes and the page has room. The key and alias indexes of the full roll-ups
-- included requests and errors, which every update changes, so each update wrote a new entry into all three
-- indexes. They are rebuilt on the same columns without the included counts: traffic filtered by a key or alias
-- still reads them in grouping order and fetches the counts from the rows. The traffic roll-ups keep their covering
-- primary keys (their charts are read index-only; a batch writes few of their rows). A fill factor of 70 leaves
-- room on new pages for the updated versions of their rows; pages written before this migration are left as they
-- are (rows of past buckets are not updated again).
do $$
declare
    resolution text;
    old_index record;
begin
    foreach resolution in array array['minute', 'hour', 'day'] loop
        -- The hour and day tables got their indexes from "like analytics_minute including all", under generated
        -- names: they are found by their included columns.
        for old_index in
            select index_class.relname as name
            from pg_index
                join pg_class index_class on index_class.oid = pg_index.indexrelid
            where pg_index.indrelid = format('analytics_%s', resolution)::regclass
              and not pg_index.indisprimary
              and pg_index.indnatts > pg_index.indnkeyatts
        loop
            execute format('drop index %I', old_index.name);
        end loop;
        execute format('create index analytics_%1$s_key on analytics_%1$s (key_id, bucket, proxy_id, '
            'primitive_type, primitive_name, status)', resolution);
        execute format('create index analytics_%1$s_alias on analytics_%1$s (alias, bucket, proxy_id, '
            'primitive_type, primitive_name, status)', resolution);
        execute format('alter table analytics_%s set (fillfactor = 70)', resolution);
    end loop;
end
$$;
