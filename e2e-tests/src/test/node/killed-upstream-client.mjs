// A real MCP client (the official TypeScript SDK) whose tool call loses its upstream mid-answer.
// Usage: node killed-upstream-client.mjs <MCP endpoint URL>. Calls slow_response with a progress token, prints
// {"progress":true} at the first progress notification (the test then kills the upstream), and finally one JSON
// line: {"rejected":true,"afterProgressMs":N,"error":{"code":C,"message":"...","data":{...}}} or {"rejected":false}.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const client = new Client({ name: 'portcullis-killed-upstream-e2e', version: '1.0.0' });
await client.connect(new StreamableHTTPClientTransport(new URL(process.argv[2])));

let firstProgressAt;
let outcome;
try {
  await client.callTool({ name: 'slow_response', arguments: { delay_seconds: 20 } }, undefined, {
    // Shorter than the SDK's 60 s default, still far above the second the gateway has to answer in.
    timeout: 15_000,
    onprogress: () => {
      if (firstProgressAt === undefined) {
        firstProgressAt = Date.now();
        console.log(JSON.stringify({ progress: true }));
      }
    },
  });
  outcome = { rejected: false };
} catch (error) {
  outcome = {
    rejected: true,
    afterProgressMs: firstProgressAt === undefined ? null : Date.now() - firstProgressAt,
    error: { code: error.code ?? null, message: String(error.message), data: error.data ?? null },
  };
}
console.log(JSON.stringify(outcome));
await client.close().catch(() => {});
process.exit(0);
