/** Why a generation stopped (types only: the HTTP wire carries it too). */
export type FinishReason = "eog" | "length" | "stop" | "abort" | "halt";
