/** One chat message in the OpenAI spelling, as models, transcripts and the HTTP API carry it (types only). */

export interface ToolCall {
  id?: string;
  type?: "function";
  function: { name: string; arguments: string };
}

export interface ChatMessage {
  role: "system" | "user" | "assistant" | "tool";
  content: string;
  name?: string;
  tool_calls?: ToolCall[];
  tool_call_id?: string;
}
