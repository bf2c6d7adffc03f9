/**
 * The in-process block: a module Node loads (--import) before the sandboxed code.
 *
 * Namespaces stop TCP, UDP and DNS in the kernel, and hide host processes, but not
 * Unix-domain sockets named by a file path (/var/run/docker.sock connects fine from inside
 * a network namespace), and Node's permission model does not check those either. So path
 * sockets are always refused here; without namespaces ("all"), TCP, UDP, DNS and signals
 * to other processes are refused here as well. The originals stay in this module's closure,
 * where the sandboxed code cannot reach them.
 */
export type InProcessBlockScope = "path-sockets" | "all";

export const SANDBOX_NETWORK_ERROR = "ERR_SANDBOX_NETWORK";
export const SANDBOX_SIGNAL_ERROR = "ERR_SANDBOX_SIGNAL";

function preloadSource(scope: InProcessBlockScope): string {
  return `
import net from "node:net";
import dgram from "node:dgram";
import dns from "node:dns";
const blockAll = ${JSON.stringify(scope === "all")};
const denied = (what) => Object.assign(new Error("Network access is disabled in the Limbic sandbox (" + what + ")."), { code: ${JSON.stringify(SANDBOX_NETWORK_ERROR)} });
const signalDenied = () => Object.assign(new Error("The Limbic sandbox only lets a script signal itself."), { code: ${JSON.stringify(SANDBOX_SIGNAL_ERROR)} });
const replace = (target, name, value) => Object.defineProperty(target, name, { value, writable: false, configurable: false, enumerable: false });
// net.connect() passes its normalised [options, callback] pair as one array.
const firstOptions = (args) => (Array.isArray(args[0]) ? args[0][0] : args[0]);
const isPathName = (value) => typeof value === "string" && !/^\\s*\\d+\\s*$/.test(value);
const targetsPath = (args) => { const first = firstOptions(args); return isPathName(first) || (typeof first === "object" && first !== null && first.path != null); };
const connect = net.Socket.prototype.connect;
replace(net.Socket.prototype, "connect", function (...args) {
  if (blockAll) throw denied("connect");
  if (targetsPath(args)) throw denied("connect to a Unix socket path");
  return Reflect.apply(connect, this, args);
});
const listen = net.Server.prototype.listen;
replace(net.Server.prototype, "listen", function (...args) {
  if (blockAll) throw denied("listen");
  if (targetsPath(args)) throw denied("listen on a Unix socket path");
  return Reflect.apply(listen, this, args);
});
if (blockAll) {
  // Without a PID namespace the script could signal any process of this user, the host included.
  // process.kill() validates its arguments and then calls process._kill(pid, signal).
  const rawKill = process._kill;
  replace(process, "_kill", function (pid, signal) {
    if (pid !== process.pid) throw signalDenied();
    return Reflect.apply(rawKill, process, [pid, signal]);
  });
  for (const name of ["bind", "connect", "send"]) replace(dgram.Socket.prototype, name, function () { throw denied("UDP " + name); });
  const isQuery = (name) => /^(lookup|resolve|reverse)/.test(name);
  for (const target of [dns, dns.Resolver.prototype]) {
    for (const name of Object.getOwnPropertyNames(target)) if (isQuery(name) && typeof target[name] === "function") replace(target, name, function () { throw denied("DNS " + name); });
  }
  for (const target of [dns.promises, dns.promises.Resolver.prototype]) {
    for (const name of Object.getOwnPropertyNames(target)) if (isQuery(name) && typeof target[name] === "function") replace(target, name, function () { return Promise.reject(denied("DNS " + name)); });
  }
}
`;
}

/** A data: URL for `node --import`, so the block needs no file the sandboxed code could read or edit. */
export function inProcessBlockUrl(scope: InProcessBlockScope): string {
  return "data:text/javascript," + encodeURIComponent(preloadSource(scope));
}
