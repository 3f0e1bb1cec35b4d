// Preloaded into the conformance fixture server by bench/conformance (node --import): the fixture calls
// app.listen(PORT), which binds every interface; this binds a listen(port[, callback]) call to 127.0.0.1 instead.
import net from 'node:net';

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' || (typeof args[0] === 'string' && /^\d+$/.test(args[0]))) {
    const callbacks = args.slice(1).filter((a) => typeof a === 'function');
    return listen.call(this, { port: Number(args[0]), host: '127.0.0.1' }, ...callbacks);
  }
  return listen.apply(this, args);
};
