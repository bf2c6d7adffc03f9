"""Converts a GGUF model (Limbic's cached Gemma 3 270M by default) into a Hugging Face folder
that vLLM can serve: safetensors weights, config, tokenizer, generation config, and the chat
template when the GGUF has one.

Usage: python convert_gguf.py GGUF_PATH OUT_DIR [--dtype bfloat16|float32]
Runs inside the venv made by setup.sh (transformers, gguf, accelerate).
"""
import argparse
import json
import os
import sys

from transformers import AutoModelForCausalLM, AutoTokenizer


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("gguf")
    parser.add_argument("out")
    parser.add_argument("--dtype", default="bfloat16", choices=["bfloat16", "float32"])
    args = parser.parse_args()
    folder, name = os.path.split(os.path.abspath(args.gguf))
    import torch

    dtype = getattr(torch, args.dtype)
    # transformers dequantizes the GGUF tensors while loading.
    model = AutoModelForCausalLM.from_pretrained(folder, gguf_file=name, torch_dtype=dtype)
    tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=name)
    # save_pretrained refuses a model that still says it is GGUF-quantized; the weights are
    # plain tensors by now, so the quantizer and its config entry are dropped.
    model.hf_quantizer = None
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    os.makedirs(args.out, exist_ok=True)
    model.save_pretrained(args.out, safe_serialization=True)
    # A GGUF without a chat template (a base model) stays without one: Limbic then renders chats
    # the same plain way on both backends ("User: ...", "Assistant:"), so a vector set extracted
    # on either reads the same. Limbic renders chats itself and never uses vLLM's chat endpoint.
    tokenizer.save_pretrained(args.out)
    if tokenizer.chat_template is not None:
        with open(os.path.join(args.out, "chat_template.jinja"), "w") as f:
            f.write(tokenizer.chat_template)
    # End generation on every end-of-turn token llama.cpp treats as end of generation, so both
    # backends stop at the same place (Gemma: <eos> and <end_of_turn>).
    eos = [tokenizer.eos_token_id]
    for text in ("<end_of_turn>", "<|eot_id|>", "<|im_end|>", "<|endoftext|>"):
        token = tokenizer.convert_tokens_to_ids(text)
        if isinstance(token, int) and token != tokenizer.unk_token_id and token not in eos:
            eos.append(token)
    generation = {"bos_token_id": tokenizer.bos_token_id, "eos_token_id": eos}
    with open(os.path.join(args.out, "generation_config.json"), "w") as f:
        json.dump(generation, f, indent=2)
    print(json.dumps({"out": args.out, "dtype": args.dtype, "layers": model.config.num_hidden_layers, "eos": eos}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
