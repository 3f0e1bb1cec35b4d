// CORS through the gateway, in a real browser: a page served from another origin connects to a proxy with
// `global.cors` using the official TypeScript SDK's client (bundled for the browser with esbuild), lists the tools and
// calls one, with a key in the Authorization header (so every request needs a preflight); a page from an origin the
// proxy does not allow is refused. Needs GATEWAY_URL and MOCK_URL besides the harness's settings.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { api, required, run, screenshots, test } from "./harness.mjs";

const gatewayUrl = required("GATEWAY_URL");
const mockUrl = required("MOCK_URL");
const sdkFolder = fileURLToPath(new URL("../node/", import.meta.url));

/** The SDK's Client and Streamable HTTP transport as one browser module. */
async function sdkBundle() {
  const built = await esbuild.build({
    stdin: {
      contents: "export { Client } from '@modelcontextprotocol/sdk/client/index.js';\n"
        + "export { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';\n",
      resolveDir: sdkFolder,
      loader: "js",
    },
    bundle: true, format: "esm", platform: "browser", write: false, logLevel: "error",
  });
  return built.outputFiles[0].text;
}

const PAGE = `<!doctype html><html><head><title>agent page</title></head><body><h1>Browser agent</h1>
<pre id="out"></pre>
<script type="module">
import { Client, StreamableHTTPClientTransport } from "/sdk.js";
window.connectAndCall = async (url, key) => {
  const client = new Client({ name: "browser-agent", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(url),
    { requestInit: { headers: { Authorization: "Bearer " + key } } });
  await client.connect(transport);
  const tools = await client.listTools();
  const called = await client.callTool({ name: "get_users", arguments: {} });
  const sessionId = transport.sessionId;
  await client.close();
  const result = { tools: tools.tools.map((tool) => tool.name), text: called.content[0].text, sessionId };
  document.getElementById("out").textContent = JSON.stringify(result, null, 1);
  return result;
};
</script></body></html>`;

/** Serves the agent page and the SDK bundle on a port of its own: another origin than the gateway's. */
async function pageServer(bundle) {
  const server = createServer((request, response) => {
    if (request.url === "/sdk.js") {
      response.writeHead(200, { "Content-Type": "text/javascript" }).end(bundle);
    } else {
      response.writeHead(200, { "Content-Type": "text/html" }).end(PAGE);
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}

const bundle = await sdkBundle();
const allowed = await pageServer(bundle);
const other = await pageServer(bundle);

const proxy = await api("POST", "/api/mcps", {
  id: "browser-cors", name: "Browser CORS", listenPath: "/browser-cors/", upstream: { url: mockUrl },
  authentication: { enabled: true, authToken: { enabled: true, header: "Authorization" } },
  global: { cors: { allowedOrigins: [allowed.origin], allowedMethods: [], allowedHeaders: [], exposedHeaders: [],
    allowCredentials: false, maxAgeSeconds: 60 } },
});
assert.equal(proxy.status, 201, JSON.stringify(proxy.body));
const key = await api("POST", "/api/keys", { alias: "browser-agent", proxies: ["browser-cors"] });
assert.equal(key.status, 201, JSON.stringify(key.body));
const endpoint = `${gatewayUrl}/browser-cors/mcp`;

/** Waits until the gateway serves the new proxy and knows the new key (the config push takes well under a second). */
async function served() {
  for (let i = 0; i < 100; i++) {
    const answer = await fetch(endpoint, { method: "POST", headers: { Authorization: `Bearer ${key.body.key}`,
      "Content-Type": "application/json", Accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-11-25",
        capabilities: {}, clientInfo: { name: "probe", version: "1" } } }) });
    if (answer.status === 200) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the gateway did not serve the proxy within 10 s");
}
await served();

test("a page from an allowed origin connects with the SDK, lists the tools and calls one", async (page) => {
  await page.goto(allowed.origin + "/");
  const result = await page.evaluate(([url, secret]) => window.connectAndCall(url, secret), [endpoint, key.body.key]);
  assert.ok(result.tools.includes("get_users"), JSON.stringify(result.tools));
  assert.match(result.text, /./);
  assert.ok(result.sessionId, "the page could read Mcp-Session-Id (exposed to scripts)");
  await page.screenshot({ path: `${screenshots}/cors-allowed-origin.png` });
});

test("a page from an origin the proxy does not allow is refused by the browser", async (page) => {
  await page.goto(other.origin + "/");
  const outcome = await page.evaluate(([url, secret]) => window.connectAndCall(url, secret)
    .then(() => "connected", (error) => String(error)), [endpoint, key.body.key]);
  assert.match(outcome, /fetch|network|CORS|Failed/i, outcome);
});

try {
  await run("cors");
} finally {
  allowed.server.close();
  other.server.close();
}
