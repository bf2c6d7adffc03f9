"""A small Inspect AI task that talks to `limbic serve` as an OpenAI-compatible model.

GenerateConfig.extra_body carries the `limbic` extension, so every request is steered ("calm"
up by 0.1 of the layer's mean residual norm) and asks for per-token emotion telemetry; the
scorer only checks that a completion came back (this is a wiring check, not a benchmark).
"""

from inspect_ai import Task, task
from inspect_ai.dataset import Sample
from inspect_ai.model import GenerateConfig
from inspect_ai.scorer import Score, Target, mean, scorer
from inspect_ai.solver import TaskState, generate

PROMPTS = [
    "The build has been red for three hours and the demo is at noon. What do you do first?",
    "Write one sentence about a quiet morning by a lake.",
    "My last four attempts at this proof failed. Should I keep going?",
]


@scorer(metrics=[mean()])
def completed():
    async def score(state: TaskState, target: Target) -> Score:
        text = state.output.completion
        return Score(value=1.0 if text.strip() else 0.0, answer=text[:200])

    return score


@task
def limbic_smoke():
    return Task(
        dataset=[Sample(input=p, target="") for p in PROMPTS],
        solver=generate(),
        scorer=completed(),
        config=GenerateConfig(
            max_tokens=48,
            temperature=0.7,
            seed=3,
            extra_body={"limbic": {"steer": {"calm": 0.1}, "emotions": ["calm", "desperate"]}},
        ),
    )
