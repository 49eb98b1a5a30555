"""Official-layout checkpoint files (random weights, saved as from a GPU, as the authors'
were) and the audio a new user would throw at the generator."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile
import torch
from checkpoint_files import save_as_from_cuda

from studio.api import AudioClip
from studio.audio.io import write_audio
from studio.audio.synth import speech_like
from studio_wen2019.networks import Generator, VoiceEmbedNet


@pytest.fixture(scope="session")
def official_files(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("pretrained_models")
    torch.manual_seed(1234)
    voice = VoiceEmbedNet()
    # Non-trivial BatchNorm statistics, as a trained network has.
    for module in voice.modules():
        if isinstance(module, torch.nn.BatchNorm1d):
            module.running_mean.uniform_(-0.5, 0.5)
            module.running_var.uniform_(0.5, 2.0)
    voice_file = save_as_from_cuda(voice.state_dict(), folder / "voice_embedding.pth")
    generator_file = save_as_from_cuda(Generator().state_dict(), folder / "generator.pth")
    return voice_file, generator_file


def speech(seconds: float, rate: int, channels: int = 1, seed: int = 3) -> AudioClip:
    clip = speech_like(seconds, 16000, seed=seed)
    from studio.audio.resample import resample

    clip = resample(clip, rate)
    samples = np.repeat(clip.samples, channels, axis=0) if channels > 1 else clip.samples
    return AudioClip(samples, rate)


@pytest.fixture(scope="session")
def voice_files(tmp_path_factory) -> dict[str, Path]:
    """The same kind of voice as an MP3, a 48 kHz stereo FLAC and an 8 kHz WAV."""
    folder = tmp_path_factory.mktemp("voices")
    files = {
        "mp3": folder / "voice.mp3",
        "flac": folder / "voice48k_stereo.flac",
        "wav8k": folder / "voice8k.wav",
    }
    soundfile.write(files["mp3"], speech(4.0, 44100).samples.T, 44100, format="MP3")
    write_audio(files["flac"], speech(4.0, 48000, channels=2))
    write_audio(files["wav8k"], speech(4.0, 8000))
    return files
