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
// Every call is rebuilt into one options object with no prototype, each property read once: the
// check and Node then see the same values (a getter cannot answer the check one way and Node
// another, and no inherited getter or setter can add a path), and an [options, callback] array is
// unpacked whether or not Node's own marker is on it. Built-ins are taken before the code runs.
const ArrayIsArray = Array.isArray;
const ObjectCreate = Object.create;
const ReflectApply = Reflect.apply;
const OPTION_KEYS = ["port", "host", "localAddress", "localPort", "family", "hints", "lookup", "timeout", "noDelay", "keepAlive", "keepAliveInitialDelay", "autoSelectFamily", "autoSelectFamilyAttemptTimeout", "allowHalfOpen", "onread", "signal", "backlog", "exclusive", "ipv6Only", "readableAll", "writableAll", "reusePort", "path", "fd", "handle", "_handle"];
const isPort = (value) => typeof value === "number" || (typeof value === "string" && /^\\s*\\d+\\s*$/.test(value));
function checkedArgs(args) {
  const packed = ArrayIsArray(args[0]);
  const items = packed ? [args[0][0], args[0][1]] : args;
  const count = packed ? 2 : args.length;
  const first = items[0];
  const options = ObjectCreate(null);
  let callback = null;
  let local = false;
  if (first !== null && (typeof first === "object" || typeof first === "function")) {
    for (let i = 0; i < OPTION_KEYS.length; i++) {
      const value = first[OPTION_KEYS[i]];
      if (value !== undefined) options[OPTION_KEYS[i]] = value;
    }
    local = options.path != null || options.fd != null || options.handle != null || options._handle != null;
  } else if (isPort(first)) {
    options.port = first;
  } else if (first !== undefined && first !== null) {
    local = true; // a path, an abstract socket name, or anything else that is not a port
  }
  for (let i = 1; i < count; i++) {
    const item = items[i];
    if (typeof item === "function") callback = item;
    else if (typeof item === "string" && options.host === undefined && typeof first !== "object") options.host = item;
    else if (typeof item === "number" && typeof first !== "object") options.backlog = item;
  }
  return { args: callback ? [options, callback] : [options], local };
}
const connect = net.Socket.prototype.connect;
replace(net.Socket.prototype, "connect", function (...args) {
  if (blockAll) throw denied("connect");
  const checked = checkedArgs(args);
  if (checked.local) throw denied("connect to a Unix socket path or descriptor");
  return ReflectApply(connect, this, checked.args);
});
const listen = net.Server.prototype.listen;
replace(net.Server.prototype, "listen", function (...args) {
  if (blockAll) throw denied("listen");
  const checked = checkedArgs(args);
  if (checked.local) throw denied("listen on a Unix socket path, descriptor or handle");
  return ReflectApply(listen, this, checked.args);
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
