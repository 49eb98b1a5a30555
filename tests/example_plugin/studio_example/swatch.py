"""encode: loudness and spectral brightness of the voice; decode: a swatch of that colour."""

import numpy as np

from studio.api import Image, Latent


def load(device, model):
    return Swatch()


class Swatch:
    def encode(self, inputs, params, progress):
        samples = inputs["voice"].mono().samples[0]
        loudness = float(np.sqrt(np.mean(samples**2)))
        spectrum = np.abs(np.fft.rfft(samples))
        brightness = float(
            (spectrum * np.arange(spectrum.size)).sum() / max(spectrum.sum(), 1e-9) / spectrum.size
        )
        progress.update(1.0)
        return Latent({"colour": np.array([min(loudness * 4, 1.0), brightness], np.float32)})

    def decode(self, latent, params, progress):
        red, green = np.clip(latent.arrays["colour"], 0, 1)
        rng = np.random.default_rng(params["seed"])
        blue = np.clip(0.5 + params["jitter"] * rng.standard_normal(), 0, 1)
        colour = np.round(np.array([red, green, blue]) * 255).astype(np.uint8)
        return Image(np.tile(colour, (params["size"], params["size"], 1)))
