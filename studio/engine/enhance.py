"""Enhance: a face result lifted by a face-restoration generator in one step.

Any installed generator of the restore-face task with a picture input can do it (avpgan's
demo restorer by default, or imported GFP-GAN weights); it runs on the result's picture and
its final face becomes the result. The result keeps its own recipe, latent and model (sliders
still move the generated face), and the recipe records the restoration step, so
``generate --recipe`` makes the enhanced picture again.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from studio.api import GeneratorInfo, Kind, Progress, StudioError, Task

from .runner import Engine, GenerateRequest, GenerateResult

DEFAULT_RESTORER = "avpgan:restore-face"
RESTORED_PARAMS = {"view": "restored"}  # a restorer's final face alone, where it offers views


def restorers(host) -> list[GeneratorInfo]:
    """The installed face restorers (of a ``studio.host`` PluginHost), the default first."""
    found = [
        info
        for info in host.generators.values()
        if info.task is Task.RESTORE_FACE and any(s.kind is Kind.IMAGE for s in info.inputs)
    ]
    return sorted(found, key=lambda info: (info.id != DEFAULT_RESTORER, info.id))


def can_enhance(host, info: GeneratorInfo) -> bool:
    """Whether ``info``'s results can be enhanced here: a picture, and a restorer installed."""
    return (
        info.output is Kind.IMAGE and info.task is not Task.RESTORE_FACE and bool(restorers(host))
    )


def restorer(engine: Engine, name: str | None = None) -> GeneratorInfo:
    """The restorer called ``name``, or the default one; StudioError when there is none."""
    if name:
        info = engine.host.generator(name)
        if info not in restorers(engine.host):
            raise StudioError(f"{info.id} is not a face-restoration generator: it cannot enhance")
        return info
    found = restorers(engine.host)
    if not found:
        raise StudioError("no face-restoration generator is installed: nothing can enhance")
    return found[0]


@dataclass(frozen=True)
class Restoration:
    """Which restorer runs and how: by default the first installed one, on its own weights."""

    restorer: str | None = None
    weights: str | None = None
    device: str | None = None  # None: where the result was made
    expect_weights_sha256: str | None = None  # set when making a recorded result again
    params: dict = field(default_factory=dict)

    @classmethod
    def recorded(cls, step: dict) -> Restoration:
        """The restoration a recipe's ``enhance`` step records."""
        weights = step["weights"]
        return cls(
            step["generator"],
            weights.get("name"),
            None,
            weights.get("sha256"),
            dict(step["params"]),
        )


def enhance(
    engine: Engine,
    result: GenerateResult,
    how: Restoration = Restoration(),
    progress: Progress | None = None,
) -> GenerateResult:
    """``result`` with its picture restored as ``how`` says."""
    output, recipe = enhance_picture(
        engine, result.info, result.output, result.recipe, how, progress
    )
    return replace(result, output=output, recipe=recipe)


def enhance_picture(
    engine: Engine,
    info: GeneratorInfo,
    output,
    recipe,
    how: Restoration = Restoration(),
    progress: Progress | None = None,
):
    """(the restored picture, ``recipe`` with the step recorded) for ``info``'s ``output``;
    an enhanced result's slider previews pass ``Restoration.recorded(recipe.enhance)``."""
    if info.output is not Kind.IMAGE:
        raise StudioError(f"{info.id} makes sound: only a face picture can be enhanced")
    chosen_restorer = restorer(engine, how.restorer)
    slot = next(s.name for s in chosen_restorer.inputs if s.kind is Kind.IMAGE)
    declared = {param.name for param in chosen_restorer.params}
    chosen = {k: v for k, v in RESTORED_PARAMS.items() if k in declared}
    chosen.update(how.params)
    request = GenerateRequest(
        chosen_restorer.id,
        {slot: output},
        chosen,
        seed=recipe.seed,
        weights=how.weights,
        device=how.device or recipe.device,
        expect_weights_sha256=how.expect_weights_sha256,
    )
    restored = engine.generate(request, progress)
    step = {
        "generator": chosen_restorer.id,
        "weights": dict(restored.recipe.weights),
        "params": dict(restored.recipe.params),
        "seed": restored.recipe.seed,
    }
    return restored.output, replace(recipe, enhance=step)
