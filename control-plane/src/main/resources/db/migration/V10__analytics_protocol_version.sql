-- The MCP revision each request declared in its MCP-Protocol-Version header (2026-07-28, 2025-11-25 ...); null for
-- a request that declared none and for records of gateways that did not report it.
alter table analytics_record add column protocol_version text;
