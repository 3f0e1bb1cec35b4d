// The official @modelcontextprotocol/client 2.4.0 pinned to 2026-07-28 against <url> with key <key>: calls <tool>,
// whose server asks through an input_required result; the client fulfils it with its registered elicitation
// handler (the SDK's default) and retries. Prints one JSON object: how often the handler ran, and the tool's text.
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

const [url, key, tool] = process.argv.slice(2);
const client = new Client({ name: 'portcullis-it', version: '1.0.0' },
    { versionNegotiation: { mode: { pin: '2026-07-28' } }, capabilities: { elicitation: { form: {} } } });
const out = { handlerCalls: 0 };
client.setRequestHandler('elicitation/create', async () => {
    out.handlerCalls++;
    return { action: 'accept', content: { ok: true } };
});
const transport = new StreamableHTTPClientTransport(new URL(url),
    { requestInit: { headers: { Authorization: `Bearer ${key}` } } });
try {
    await client.connect(transport);
    const result = await client.callTool({ name: tool, arguments: {} });
    out.text = result.content?.[0]?.text ?? 'no text';
} catch (e) {
    out.failed = String(e?.stack ?? e);
} finally {
    await client.close().catch(() => {});
}
console.log(JSON.stringify(out));
