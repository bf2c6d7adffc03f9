/** What the strong (kernel) isolation layers need from the host: types shared by the host probe, the launcher and the trial run. */
import type { RuntimeFile } from "./runtimeFiles.js";

/** How the strong layers get the right to mount: real root, or root inside a fresh user namespace. */
export type StrongMode = "root" | "user-namespace";

export interface StrongSupport {
  mode: StrongMode;
  /** Host paths of the tools the setup script runs before the pivot. */
  tools: { bash: string; unshare: string; mount: string; mkdir: string; cp: string; chown: string; pivotRoot: string };
  /** Bound read-only into the private root: Node, its libraries, and the two tools used after the pivot. */
  runtime: RuntimeFile[];
  /** Where Node, setpriv and umount are inside the private root. */
  nodeInside: string;
  setprivInside: string;
  umountInside: string;
}
