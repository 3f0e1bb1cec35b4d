// The official @modelcontextprotocol/client 2.4.0 pinned to 2026-07-28 against <url> with key <key>: prints one
// JSON object with what it saw (server/discover capabilities, the tool and prompt names, and the outcome of each
// tool call named after the key).
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

const [url, key, ...calls] = process.argv.slice(2);
const client = new Client({ name: 'portcullis-it', version: '1.0.0' },
    { versionNegotiation: { mode: { pin: '2026-07-28' } } });
const transport = new StreamableHTTPClientTransport(new URL(url),
    { requestInit: { headers: { Authorization: `Bearer ${key}` } } });
const out = {};
try {
    await client.connect(transport);
    const discovered = await client.discover();
    out.capabilities = Object.keys(discovered.capabilities ?? {}).sort();
    out.tools = (await client.listTools()).tools.map(t => t.name).sort();
    try {
        out.prompts = (await client.listPrompts()).prompts.map(p => p.name).sort();
    } catch (e) {
        out.prompts = { error: e.code ?? String(e) };
    }
    out.calls = {};
    for (const name of calls) {
        try {
            const result = await client.callTool({ name, arguments: {} });
            out.calls[name] = result.content?.[0]?.text ?? 'no text';
        } catch (e) {
            out.calls[name] = { error: e.code ?? null, status: e.status ?? null, message: String(e.message ?? e) };
        }
    }
} catch (e) {
    out.failed = String(e?.stack ?? e);
} finally {
    await client.close().catch(() => {});
}
console.log(JSON.stringify(out));
