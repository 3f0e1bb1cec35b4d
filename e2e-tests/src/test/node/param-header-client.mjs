// The official @modelcontextprotocol/client 2.4.0 pinned to 2026-07-28 against <url>: lists the tools (learning
// which arguments each mirrors into Mcp-Param-* headers), then calls <tool> with the JSON <arguments>; prints one
// JSON object with the tool names and the call's text or error.
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

const [url, tool, args] = process.argv.slice(2);
const client = new Client({ name: 'portcullis-it', version: '1.0.0' },
    { versionNegotiation: { mode: { pin: '2026-07-28' } } });
const out = {};
try {
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    out.tools = (await client.listTools()).tools.map(t => t.name).sort();
    try {
        const result = await client.callTool({ name: tool, arguments: JSON.parse(args) });
        out.call = result.content?.[0]?.text ?? 'no text';
    } catch (e) {
        out.call = { error: e.code ?? null, message: String(e.message ?? e) };
    }
} catch (e) {
    out.failed = String(e?.stack ?? e);
} finally {
    await client.close().catch(() => {});
}
console.log(JSON.stringify(out));
