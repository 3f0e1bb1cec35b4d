// A real MCP client (the official TypeScript SDK) logging in through the gateway with OAuth 2.1:
// 401 -> Protected Resource Metadata -> authorization server metadata -> dynamic client registration ->
// authorization code with PKCE -> token -> tools/list and tools/call.
// Usage: node oauth-client.mjs <MCP endpoint URL>. Prints one JSON line: {"tools":[...],"call":{...},"auth":{...}}.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';

const serverUrl = new URL(process.argv[2]);
// Never dialled: the test authorization server approves at once and we read the code from its redirect.
const redirectUrl = 'http://127.0.0.1:9/callback';

let clientInformation;
let tokens;
let codeVerifier;
let authorizationCode;
const seen = { redirectedToAuthorization: false, registeredClient: false };

const provider = {
  get redirectUrl() { return redirectUrl; },
  get clientMetadata() {
    return {
      client_name: 'portcullis-oauth-e2e',
      redirect_uris: [redirectUrl],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  },
  clientInformation() { return clientInformation; },
  saveClientInformation(info) { clientInformation = info; seen.registeredClient = true; },
  tokens() { return tokens; },
  saveTokens(value) { tokens = value; },
  saveCodeVerifier(value) { codeVerifier = value; },
  codeVerifier() { return codeVerifier; },
  async redirectToAuthorization(authorizationUrl) {
    seen.redirectedToAuthorization = true;
    const response = await fetch(authorizationUrl, { redirect: 'manual' });
    const location = response.headers.get('location');
    if (response.status !== 302 || !location) {
      throw new Error(`authorization endpoint answered ${response.status}`);
    }
    authorizationCode = new URL(location).searchParams.get('code');
  },
};

async function connect() {
  const client = new Client({ name: 'portcullis-oauth-e2e', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(serverUrl, { authProvider: provider });
  await client.connect(transport);
  return client;
}

let client;
try {
  client = await connect();
} catch (error) {
  if (!(error instanceof UnauthorizedError) || !authorizationCode) {
    throw error;
  }
  const transport = new StreamableHTTPClientTransport(serverUrl, { authProvider: provider });
  await transport.finishAuth(authorizationCode);
  client = await connect();
}

const listed = await client.listTools();
const call = await client.callTool({ name: 'get_anything', arguments: { from: 'node' } });
console.log(JSON.stringify({
  tools: listed.tools.map((tool) => tool.name),
  call,
  auth: { ...seen, tokenType: tokens?.token_type, scope: tokens?.scope },
}));
await client.close();
