// The official TypeScript SDK 1.x client (MCP 2025-11-25) against a Portcullis virtual server.
// Usage: node virtual-server-client.mjs <MCP endpoint URL> <key> <calls as JSON: [[name, arguments], ...]>.
// Answers sampling requests, reports progress notifications per call, and prints one JSON line:
// {"tools":[names],"prompts":[names]|{"error":..},"calls":{"<name>":{"isError":bool,"text":"...","progress":N}
//  |{"rejected":"...","code":N}},"sampled":N,"sessionId":"..."}
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CreateMessageRequestSchema } from '@modelcontextprotocol/sdk/types.js';

const [url, key, callsJson] = process.argv.slice(2);
const out = { sampled: 0, calls: {} };
const client = new Client({ name: 'portcullis-virtual-server-it', version: '1.0.0' },
  { capabilities: { sampling: {} } });
client.setRequestHandler(CreateMessageRequestSchema, async () => {
  out.sampled++;
  return { model: 'test-model', role: 'assistant', content: { type: 'text', text: 'sampled by the agent' } };
});
const transport = new StreamableHTTPClientTransport(new URL(url),
  { requestInit: { headers: { Authorization: `Bearer ${key}` } } });
try {
  await client.connect(transport);
  out.sessionId = transport.sessionId;
  out.tools = (await client.listTools()).tools.map((t) => t.name).sort();
  try {
    out.prompts = (await client.listPrompts()).prompts.map((p) => p.name).sort();
  } catch (e) {
    out.prompts = { error: e.code ?? String(e) };
  }
  for (const [name, args] of JSON.parse(callsJson ?? '[]')) {
    let progress = 0;
    try {
      const result = await client.callTool({ name, arguments: args }, undefined,
        { timeout: 20_000, onprogress: () => { progress++; } });
      out.calls[name] = {
        isError: result.isError === true,
        text: (result.content ?? []).map((c) => c.text ?? '').join('\n'),
        progress,
      };
    } catch (e) {
      out.calls[name] = { rejected: String(e.message ?? e), code: e.code ?? null };
    }
  }
} catch (e) {
  out.failed = String(e?.stack ?? e);
} finally {
  await client.close().catch(() => {});
}
console.log(JSON.stringify(out));
process.exit(0);
