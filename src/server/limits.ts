/** Bounds on what one request may ask of the server, and on how many requests it holds. */
export interface ServerLimits {
  /** Largest request body in bytes (413 past it). Default 1 MiB. */
  maxBodyBytes: number;
  /** Most messages in a chat or trace request. Default 256. */
  maxMessages: number;
  /** Largest max_tokens a request may ask for (400 past it). Default 4096. */
  maxTokens: number;
  /** max_tokens when a request gives none (the model's context also caps it). Default 512. */
  defaultMaxTokens: number;
  /** Most choices (n x prompts) in one request. Default 8. */
  maxChoices: number;
  /** Most stop strings. Default 16. */
  maxStops: number;
  /** Most guard rules in one request. Default 16. */
  maxGuardRules: number;
  /** Most emotions read per token in one request. Default 256. */
  maxEmotions: number;
  /** Requests that run at once (each holds a llama.cpp context). Default 8. */
  maxConcurrent: number;
  /** Requests that may wait for a slot; one more answers 429. Default 64. */
  maxQueue: number;
  /** Sequences (choices of running requests) decoded together in the continuous batch. Default 8. */
  batchSequences: number;
  /** Tokens (prompt and reply) one sequence of the batch holds (the model's context caps it). Default 4096. */
  tokensPerSequence: number;
  /** Unsent bytes a streaming reply may hold for a slow reader before it is cut off. Default 4 MiB. */
  maxStreamBufferBytes: number;
}

export const DEFAULT_LIMITS: ServerLimits = Object.freeze({
  maxBodyBytes: 1 << 20,
  maxMessages: 256,
  maxTokens: 4096,
  defaultMaxTokens: 512,
  maxChoices: 8,
  maxStops: 16,
  maxGuardRules: 16,
  maxEmotions: 256,
  maxConcurrent: 8,
  maxQueue: 64,
  batchSequences: 8,
  tokensPerSequence: 4096,
  maxStreamBufferBytes: 4 << 20,
});
