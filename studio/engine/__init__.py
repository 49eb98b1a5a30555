"""Engine: device choice, the job runner with progress and cancel, the model cache, recipes."""

from .runner import Engine, GenerateRequest, GenerateResult

__all__ = ["Engine", "GenerateRequest", "GenerateResult"]
