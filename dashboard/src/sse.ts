/**
 * A Server-Sent Events reader over a fetch body (EventSource cannot POST). Yields the data of each
 * event; lines end in \n or \r\n, ":" lines are comments, fields other than data are ignored.
 */
export async function* serverSentData(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let data: string[] = [];
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return; // An event without its closing blank line is incomplete: dropped, as the spec says.
      buffer += decoder.decode(value, { stream: true });
      let newline: number;
      while ((newline = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, newline).replace(/\r$/, "");
        buffer = buffer.slice(newline + 1);
        if (line === "") {
          if (data.length) yield data.join("\n");
          data = [];
        } else if (line.startsWith("data:")) {
          data.push(line.slice(line[5] === " " ? 6 : 5));
        }
      }
    }
  } finally {
    // Stops the download when the consumer leaves early (e.g. after [DONE]); harmless after the end.
    await reader.cancel().catch(() => undefined);
  }
}
