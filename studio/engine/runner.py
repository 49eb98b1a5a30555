"""The engine: runs a generator's encode and decode with progress, cancel, seeds and a model cache.

Plugin code is called only from here; anything it raises that is not a user-facing error is
recorded against the plugin in the host and reported as one line, so the app keeps going.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from studio import __version__
from studio.api import AudioClip, GeneratorInfo, Image, Kind, Latent, ModelRef, Progress
from studio.api.contract import Loader
from studio.api.errors import Cancelled, InputError, StudioError, WeightsError
from studio.base.device import choose_device
from studio.base.seeding import seed_everything
from studio.host import PluginHost
from studio.host.discovery import describe_error
from studio.host.registry import PluginError
from studio.weights import ModelStore

from .cache import ModelCache
from .inputs import load_inputs
from .recipe import Recipe
from .weights_choice import resolve_weights


@dataclass
class GenerateRequest:
    generator: str
    inputs: dict[str, Any] = field(default_factory=dict)  # slot -> path, AudioClip or Image
    params: dict[str, Any] = field(default_factory=dict)  # raw values or command-line text
    seed: int = 0
    weights: str | None = None  # name, bundled name, entry folder or "untrained"
    device: str | None = None
    latent: Latent | None = None  # decode this instead of encoding the inputs
    latent_source: dict[str, str] | None = None  # path and sha256 of a latent file, for the recipe
    expect_weights_sha256: str | None = None  # set when reproducing a recipe


@dataclass
class GenerateResult:
    info: GeneratorInfo
    output: Image | AudioClip
    latent: Latent
    recipe: Recipe
    model: ModelRef


class Engine:
    """Generators run one job at a time: the window's Generate, its slider previews and a batch
    share one engine (and one model cache) from worker threads, so every job holds ``lock``."""

    def __init__(self, host: PluginHost, store: ModelStore, cache_size: int = 2) -> None:
        self.host = host
        self.store = store
        self.cache = ModelCache(cache_size)
        self.lock = threading.RLock()

    def params_for(self, info: GeneratorInfo, given: dict[str, Any]) -> dict[str, Any]:
        """Every declared param, coerced and range-checked; unknown names are an error."""
        declared = {param.name: param for param in info.params}
        unknown = sorted(set(given) - set(declared))
        if unknown:
            names = ", ".join(declared) or "none"
            raise StudioError(f"{info.id} has no param {', '.join(unknown)} (params: {names})")
        params = {}
        for name, param in declared.items():
            try:
                params[name] = param.coerce(given.get(name, param.default))
            except ValueError as error:
                raise StudioError(f"param {name}: {error}") from None
        return params

    def weights(self, info: GeneratorInfo, choice: str | None) -> ModelRef:
        """The weights a job will use (cheap: nothing is loaded yet)."""
        return resolve_weights(self.host, self.store, info, choice)

    def model(self, info: GeneratorInfo, ref: ModelRef, device: str | None) -> tuple[Any, str]:
        """The loaded generator (from the cache when possible) and the device it runs on."""
        device = choose_device(device)
        key = (info.id, ref.sha256, device)
        return self.cache.get(key, lambda: self._load(info, ref, device)), device

    def _load(self, info: GeneratorInfo, ref: ModelRef, device: str) -> Any:
        load: Loader = self.host.resolve(info, info.load)
        generator = self._call_plugin(info, "load", lambda: load(device, ref))
        if not (
            callable(getattr(generator, "encode", None))
            and callable(getattr(generator, "decode", None))
        ):
            message = f"load returned {type(generator).__name__}, which has no encode/decode"
            self.host.record_failure(info.plugin, "load", message)
            raise PluginError(f"{info.id}: {message}")
        return generator

    def generate(
        self, request: GenerateRequest, progress: Progress | None = None
    ) -> GenerateResult:
        with self.lock:
            return self._generate(request, progress or Progress())

    def redecode(
        self,
        info: GeneratorInfo,
        ref: ModelRef,
        device: str | None,
        latent: Latent,
        params: dict[str, Any],
        progress: Progress,
    ) -> Image | AudioClip:
        """Decode a (moved) latent with the model that encoded it: what latent sliders and live
        params re-run, one job at a time like any other."""
        with self.lock:
            generator, _ = self.model(info, ref, device)
            return self.decode(info, generator, latent, params, progress)

    def _generate(self, request: GenerateRequest, progress: Progress) -> GenerateResult:
        info = self.host.generator(request.generator)
        params = self.params_for(info, request.params)
        params["seed"] = int(request.seed)
        ref = self.weights(info, request.weights)
        if request.expect_weights_sha256 and ref.sha256 != request.expect_weights_sha256:
            raise WeightsError(
                f"weights {ref.plugin}/{ref.name} have sha256 {ref.sha256[:16]}..., but the result was "
                f"made with {request.expect_weights_sha256[:16]}...; import those weights or pass --weights"
            )
        if request.latent is None:
            inputs, recorded = load_inputs(info, request.inputs)
        else:
            inputs, recorded = {}, {}
        progress.update(0.0, "loading model")
        generator, device = self.model(info, ref, request.device)
        if request.latent is None:
            seed_everything(params["seed"])
            latent = self._call_plugin(
                info,
                "generate",
                lambda: generator.encode(inputs, dict(params), progress.span(0.05, 0.8)),
            )
            self._check_latent(info, latent)
        else:
            latent = request.latent
            problem = latent_problem(info, latent)
            if problem:  # the user's latent file (or a result's), not the plugin's doing
                source = (request.latent_source or {}).get("path", "the latent")
                raise InputError(source, f"does not fit {info.id}: {problem}")
        output = self.decode(info, generator, latent, params, progress.span(0.8, 1.0))
        progress.update(1.0, "done")
        recipe = Recipe(
            generator=info.id,
            weights={"plugin": ref.plugin, "name": ref.name, "sha256": ref.sha256},
            params={k: v for k, v in params.items() if k != "seed"},
            seed=params["seed"],
            inputs=recorded,
            latent=request.latent_source,
            device=device,
            app_version=__version__,
        )
        return GenerateResult(info, output, latent, recipe, ref)

    def decode(
        self,
        info: GeneratorInfo,
        generator: Any,
        latent: Latent,
        params: dict[str, Any],
        progress: Progress,
    ) -> Image | AudioClip:
        """The fast half alone: what latent sliders and live params re-run."""
        seed_everything(int(params.get("seed", 0)))
        output = self._call_plugin(
            info, "generate", lambda: generator.decode(latent, dict(params), progress)
        )
        expected = Image if info.output is Kind.IMAGE else AudioClip
        if not isinstance(output, expected):
            message = f"decode returned {type(output).__name__}, expected {expected.__name__}"
            self.host.record_failure(info.plugin, "generate", message)
            raise PluginError(f"{info.id}: {message}")
        return output

    def _check_latent(self, info: GeneratorInfo, latent: Any) -> None:
        if not isinstance(latent, Latent):
            message = f"encode returned {type(latent).__name__}, expected a Latent"
            self.host.record_failure(info.plugin, "generate", message)
            raise PluginError(f"{info.id}: {message}")
        problem = latent_problem(info, latent)
        if problem:
            raise StudioError(f"{info.id}: {problem}")

    def _call_plugin(self, info: GeneratorInfo, stage: str, call: Callable[[], Any]) -> Any:
        try:
            return call()
        except (StudioError, Cancelled):  # the user's input, weights or cancel: reported as is
            raise
        except Exception as error:
            self.host.record_failure(info.plugin, stage, describe_error(error))
            raise PluginError(
                f"{info.id} failed during {stage}: {describe_error(error)}"
            ) from error


def latent_problem(info: GeneratorInfo, latent: Latent) -> str | None:
    """Why ``latent`` cannot be decoded by ``info``'s generator (None when it can)."""
    spec = info.latent
    if spec is None:
        return None
    array = latent.arrays.get(spec.array)
    if array is None or array.size != spec.dim:
        found = "missing" if array is None else f"of size {array.size}"
        return f"latent array '{spec.array}' must have {spec.dim} values, found {found}"
    return None
