// A real MCP client (the official TypeScript SDK) that answers the server's requests: sampling, elicitation, roots.
// Usage: node server-requests-client.mjs <MCP endpoint URL> <key>. Calls server-everything's trigger-sampling-request,
// trigger-elicitation-request and get-roots-list, then prints one JSON line:
// {"handled":{"sampling":N,"elicitation":N,"roots":N},"results":{"<tool>":{"isError":bool,"text":"..."}|{"rejected":"..."}}}
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';

const [url, key] = process.argv.slice(2);
const handled = { sampling: 0, elicitation: 0, roots: 0 };
const client = new Client({ name: 'portcullis-server-requests-e2e', version: '1.0.0' },
  { capabilities: { sampling: {}, elicitation: {}, roots: { listChanged: true } } });
client.setRequestHandler(CreateMessageRequestSchema, async () => {
  handled.sampling++;
  return { model: 'test-model', role: 'assistant', content: { type: 'text', text: 'sampled by the agent' } };
});
client.setRequestHandler(ElicitRequestSchema, async () => {
  handled.elicitation++;
  return { action: 'decline' };
});
client.setRequestHandler(ListRootsRequestSchema, async () => {
  handled.roots++;
  return { roots: [{ uri: 'file:///tmp/portcullis-root', name: 'portcullis-root' }] };
});
await client.connect(new StreamableHTTPClientTransport(new URL(url),
  { requestInit: { headers: { Authorization: `Bearer ${key}` } } }));

const results = {};
const calls = [
  ['trigger-sampling-request', { prompt: 'hello', maxTokens: 10 }],
  ['trigger-elicitation-request', {}],
  ['get-roots-list', {}],
];
for (const [name, args] of calls) {
  try {
    const result = await client.callTool({ name, arguments: args }, undefined, { timeout: 15_000 });
    results[name] = {
      isError: result.isError === true,
      text: (result.content ?? []).map((c) => c.text ?? '').join('\n'),
    };
  } catch (error) {
    results[name] = { rejected: String(error.message) };
  }
}
console.log(JSON.stringify({ handled, results }));
await client.close().catch(() => {});
process.exit(0);
