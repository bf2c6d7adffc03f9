/** Collects a child's stdout and stderr up to one shared byte cap, and says when the cap is crossed. */
export class OutputCollector {
  private readonly stdout: Buffer[] = [];
  private readonly stderr: Buffer[] = [];
  private total = 0;
  truncated = false;

  constructor(
    private readonly maxBytes: number,
    private readonly onOverflow: () => void,
  ) {}

  add(stream: "stdout" | "stderr", data: Buffer): void {
    if (this.truncated) return;
    const room = this.maxBytes - this.total;
    const kept = data.length > room ? data.subarray(0, room) : data;
    (stream === "stdout" ? this.stdout : this.stderr).push(kept);
    this.total += kept.length;
    if (kept.length < data.length) {
      this.truncated = true;
      this.onOverflow();
    }
  }

  text(stream: "stdout" | "stderr"): string {
    return Buffer.concat(stream === "stdout" ? this.stdout : this.stderr).toString("utf8");
  }
}
