/**
 * The files a program needs to start, found by asking the dynamic loader (what `ldd` does), so the
 * private root can hold exactly those: each library at the path the loader will look for it.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/** A host file bound read-only into the private root at `inside`. */
export interface RuntimeFile {
  inside: string;
  source: string;
}

const standardFolders = ["/usr/bin", "/bin", "/usr/sbin", "/sbin", "/usr/local/bin"];

export function findExecutable(name: string): string | null {
  const folders = [...(process.env.PATH ?? "").split(path.delimiter).filter(Boolean), ...standardFolders];
  for (const folder of folders) {
    const candidate = path.join(folder, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return null;
}

/**
 * The shared libraries and loader of a binary, as absolute paths, from glibc's loader in trace
 * mode; [] for a binary that prints no trace (static, or another libc: the trial run then decides).
 * With the loader known it is asked directly (`ld.so --list`): a setuid binary such as umount
 * ignores the trace variable when run by another user. A string is the reason it failed.
 */
function tracedLibraries(binary: string, loader: string | null): Promise<string[] | string> {
  const [command, args, env] = loader ? [loader, ["--list", binary], {}] : [binary, [], { LD_TRACE_LOADED_OBJECTS: "1" }];
  return new Promise((resolve) => {
    execFile(command, args, { env, timeout: 5000, windowsHide: true }, (error, stdout) => {
      const paths: string[] = [];
      for (const line of String(stdout ?? "").split("\n")) {
        if (/=>\s*not found/.test(line)) return resolve(`${binary} needs a library the loader cannot find: ${line.trim()}`);
        const m = /=>\s*(\/\S+)\s+\(0x/.exec(line) ?? /^\s*(\/\S+)\s+\(0x/.exec(line);
        if (m) paths.push(m[1]!);
      }
      if (paths.length === 0 && error && (error as { killed?: boolean }).killed) return resolve(`${binary} did not answer the loader trace`);
      resolve(paths);
    });
  });
}

/** Every file the given programs need, each bound at `inside` (the programs) or at the loader's own path (their libraries). */
export async function runtimeFilesFor(programs: { binary: string; inside: string }[]): Promise<RuntimeFile[] | string> {
  const files = new Map<string, string>();
  let loader: string | null = null;
  for (const program of programs) {
    files.set(program.inside, fs.realpathSync(program.binary));
    const libraries = await tracedLibraries(program.binary, loader);
    if (typeof libraries === "string") return libraries;
    // The first program (Node, never setuid) names the loader: the one path listed without "=>".
    loader ??= libraries.find((library) => /\/ld-[^/]*\.so[.\d]*$/.test(library)) ?? null;
    for (const library of libraries) {
      try {
        files.set(library, fs.realpathSync(library));
      } catch (error) {
        return `cannot resolve ${library}: ${(error as Error).message}`;
      }
    }
  }
  return [...files].map(([inside, source]) => ({ inside, source }));
}
