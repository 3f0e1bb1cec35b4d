// Runs the MCP reference server (@modelcontextprotocol/server-everything, Streamable HTTP transport) on 127.0.0.1 and
// a free port, and prints {"port":N} once it listens. Usage: node everything-server.mjs
import http from 'node:http';

const listen = http.Server.prototype.listen;
http.Server.prototype.listen = function (...args) {
  const callback = args.find((arg) => typeof arg === 'function');
  this.once('listening', () => console.log(JSON.stringify({ port: this.address().port })));
  return listen.call(this, 0, '127.0.0.1', callback);
};
await import('./node_modules/@modelcontextprotocol/server-everything/dist/transports/streamableHttp.js');
