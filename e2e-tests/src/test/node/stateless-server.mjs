// A 2026-07-28 MCP server (the official @modelcontextprotocol/server 2.4.0, modern only) on 127.0.0.1, port 0:
// four tools (one asks through input_required) and one prompt. Prints "listening <port>" once it listens; stops when stdin closes.
import http from 'node:http';
import { McpServer, createMcpHandler, inputRequired } from '@modelcontextprotocol/server';

function factory() {
    const server = new McpServer({ name: 'stateless-upstream', version: '1.0.0' });
    for (const name of ['get_user', 'list_users', 'delete_user']) {
        server.registerTool(name, { description: name }, async () => ({
            content: [{ type: 'text', text: `ran ${name}` }],
        }));
    }
    // Asks the agent's user through an input_required result (2026-07-28), then reports what the retry carried.
    server.registerTool('confirm_export', { description: 'asks before exporting' }, async (ctx) => {
        const answer = ctx.mcpReq.inputResponses?.confirm;
        if (answer === undefined) {
            return inputRequired({ inputRequests: { confirm: { method: 'elicitation/create', params: {
                mode: 'form', message: 'Export everything?',
                requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } } } } } } });
        }
        return { content: [{ type: 'text', text: `confirm=${JSON.stringify(answer)}` }] };
    });
    server.registerPrompt('greeting', { description: 'a greeting' }, async () => ({
        messages: [{ role: 'user', content: { type: 'text', text: 'hello' } }],
    }));
    return server;
}

const handler = createMcpHandler(factory, { legacy: 'reject' });

const listener = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = Buffer.concat(chunks);
    const headers = new Headers();
    for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
    const request = new Request(`http://127.0.0.1${req.url}`, {
        method: req.method, headers, body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
    });
    try {
        const response = await handler.fetch(request);
        res.writeHead(response.status, Object.fromEntries(response.headers));
        if (response.body) {
            for await (const chunk of response.body) res.write(chunk);
        }
        res.end();
    } catch (e) {
        res.writeHead(500).end(String(e));
    }
});
listener.listen(0, '127.0.0.1', () => console.log(`listening ${listener.address().port}`));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
