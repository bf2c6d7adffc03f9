import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { renderChat } from "../src/engine/chatTemplate.js";

const template =
  "{{ bos_token }}{% for m in messages %}<|{{ m.role }}|>{{ m.content }}<|end|>{% endfor %}{% if add_generation_prompt %}<|assistant|>{% endif %}";

describe("chat templates", () => {
  it("renders the GGUF's Jinja template with BOS and the generation prompt", () => {
    const out = renderChat(
      template,
      [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Hi" },
      ],
      { bosText: "<s>" },
    );
    assert.deepEqual(out, { text: "<s><|system|>Be brief.<|end|><|user|>Hi<|end|><|assistant|>", templated: true });
  });

  it("falls back to a plain Role: content rendering and says so", () => {
    const out = renderChat(null, [
      { role: "user", content: "Hi" },
      { role: "assistant", content: "Hello." },
      { role: "user", content: "Bye" },
    ]);
    assert.equal(out.templated, false);
    assert.equal(out.text, "User: Hi\n\nAssistant: Hello.\n\nUser: Bye\n\nAssistant:");
  });

  it("reports a template that raises as a typed error", () => {
    assert.throws(() => renderChat("{{ raise_exception('roles must alternate') }}", [{ role: "user", content: "x" }]), {
      code: "CHAT_TEMPLATE_FAILED",
      message: /roles must alternate/,
    });
  });
});
