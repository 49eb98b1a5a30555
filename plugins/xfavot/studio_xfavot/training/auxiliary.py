"""Training the demo's frozen helpers on the synthetic corpus: an F0 network (JDC layout) and a
vowel recogniser (SVC ASR layout), the roles SVC's pretrained JDC and ASR play in the recipe.

The voices-faces corpus knows, for every utterance, its intonation contour and its vowel
sequence (``studio.ml.datasets.synthetic_labels.utterance_labels``), so both are supervised exactly:

* F0: per mel frame, the contour's value where a vowel sounds and 0 elsewhere (SVC's JDC
  regresses F0 in Hz with 0 for unvoiced frames); L1 on Hz / 100 over random crops.
* ASR: the CTC head learns from the known alignment: per output frame, the vowel sounding
  there or the blank (cross-entropy; much quicker to converge on one CPU thread than CTC over
  unaligned sequences), so best-path CTC decoding reads the vowel sequence back.

Each is a small configuration of the published architecture, trained on the train speakers
and scored on the held-out ones (mean absolute F0 error on voiced frames; vowel accuracy =
1 - edit distance / length).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from torch.nn import functional as F

from studio.ml.audio import read_audio

from ..frontend import HOP, SAMPLE_RATE, MelFrontEnd, speech_wave
from ..networks.asr import ASRConfig, ASRNet, greedy_ctc
from ..networks.jdc import JDCConfig, JDCNet

DEMO_JDC = JDCConfig(widths=(8, 16, 24, 32), lstm_hidden=32)
VOWEL_COUNT = 8
DEMO_ASR = ASRConfig(hidden_dim=64, n_token=VOWEL_COUNT + 1, n_layers=3)
F0_SCALE_HZ = 100.0
CROP = 96  # 1.2 s: a few syllables, and quick steps on one CPU thread
BATCH = 16
LEARNING_RATE = 3e-3


@dataclass
class Labelled:
    mel: torch.Tensor  # (80, T)
    f0: torch.Tensor  # (T,) Hz, 0 where no vowel sounds
    vowel_frames: list[tuple[float, int]]  # (middle frame, vowel token 1..8)
    tokens: torch.Tensor  # (T,) the vowel token sounding at each frame, 0 (blank) elsewhere


def labelled_utterances(manifest: Path, split: str, limit: int | None = None) -> list[Labelled]:
    """Every distinct utterance of ``split`` with its frame-level F0 and vowel positions."""
    from studio.ml.datasets.synthetic_labels import SAMPLE_RATE as CORPUS_RATE
    from studio.ml.datasets.synthetic_labels import read_speakers, utterance_labels
    from studio.ml.manifest import read_manifest

    root = Path(manifest).parent
    people = {p.id: p for p in read_speakers(root / "speakers.json")}
    front_end = MelFrontEnd()
    seen, found = set(), []
    for sample in read_manifest(manifest):
        if sample.split != split or sample.audio is None or sample.audio in seen:
            continue
        seen.add(sample.audio)
        labels = utterance_labels(root, people[sample.speaker], int(sample.audio.stem))
        with torch.no_grad():
            mel = front_end(speech_wave(read_audio(sample.audio), str(sample.audio))[None])[0]
        # Centred frames: frame i is centred on corpus sample i * HOP * rate ratio.
        step = HOP * CORPUS_RATE / SAMPLE_RATE
        centres = np.minimum((np.arange(mel.shape[-1]) * step).astype(int), len(labels.f0_hz) - 1)
        sounding = np.zeros(len(labels.f0_hz), dtype=np.int64)  # vowel token per sample
        vowels = []
        for seg in labels.segments:
            if seg.kind == "vowel":
                sounding[seg.start : seg.stop] = int(seg.label) + 1
                vowels.append(((seg.start + seg.stop) / 2 / step, int(seg.label) + 1))
        voiced = sounding[centres] > 0
        f0 = np.where(voiced, labels.f0_hz[centres], 0.0)
        found.append(
            Labelled(mel, torch.tensor(f0, dtype=torch.float32), vowels,
                     torch.from_numpy(sounding[centres]))
        )  # fmt: skip
        if limit and len(found) >= limit:
            break
    return found


def _crops(items: list[Labelled], batch: int, rng: np.random.Generator):
    picks = rng.integers(0, len(items), batch)
    mels, f0s, tokens = [], [], []
    for i in picks:
        item = items[i]
        frames = item.mel.shape[-1]
        start = int(rng.integers(0, max(frames - CROP, 0) + 1))
        mel, f0 = item.mel[:, start : start + CROP], item.f0[start : start + CROP]
        token = item.tokens[start : start + CROP]
        if mel.shape[-1] < CROP:  # a short clip: pad with its own last frame, unvoiced
            extra = CROP - mel.shape[-1]
            mel = torch.cat([mel, mel[:, -1:].expand(-1, extra)], dim=1)
            f0 = torch.cat([f0, torch.zeros(extra)])
            token = torch.cat([token, torch.zeros(extra, dtype=torch.long)])
        mels.append(mel)
        f0s.append(f0)
        tokens.append(token)
    return torch.stack(mels)[:, None], torch.stack(f0s), torch.stack(tokens)


def train_jdc(items: list[Labelled], minutes: float, seed: int = 0, log=print) -> JDCNet:
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    net = JDCNet(DEMO_JDC)
    optimiser = torch.optim.AdamW(net.parameters(), lr=LEARNING_RATE, weight_decay=1e-4)
    started, step = time.time(), 0
    while time.time() - started < 60 * minutes:
        mel, f0, _ = _crops(items, BATCH, rng)
        error = (net(mel)[0] - f0).abs() / F0_SCALE_HZ
        voiced = f0 > 0
        # Voiced and unvoiced frames weigh equally: with plain L1 over mostly-silent crops the
        # best constant is 0 Hz, and the net would learn that before it learns pitch.
        loss = error[voiced].mean() + error[~voiced].mean()
        optimiser.zero_grad(set_to_none=True)
        loss.backward()
        optimiser.step()
        step += 1
        if step % 50 == 0:
            log(f"jdc step {step}: balanced L1 {loss.item() * F0_SCALE_HZ:.1f} Hz")
    return net.eval()


def train_asr(items: list[Labelled], minutes: float, seed: int = 0, log=print) -> ASRNet:
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    net = ASRNet(DEMO_ASR)
    optimiser = torch.optim.AdamW(net.parameters(), lr=LEARNING_RATE, weight_decay=1e-4)
    started, step = time.time(), 0
    while time.time() - started < 60 * minutes:
        mel, _, tokens = _crops(items, BATCH, rng)
        logits = net(mel)  # (B, T/2, tokens): the stride-2 stem keeps every other frame
        loss = F.cross_entropy(logits.transpose(1, 2), tokens[:, ::2][:, : logits.shape[1]])
        optimiser.zero_grad(set_to_none=True)
        loss.backward()
        optimiser.step()
        step += 1
        if step % 50 == 0:
            log(f"asr step {step}: frame CE {loss.item():.3f}")
    return net.eval()


@torch.no_grad()
def f0_error_hz(net: JDCNet, items: list[Labelled]) -> float:
    """Mean absolute F0 error (Hz) over the voiced frames of whole utterances."""
    errors = []
    for item in items:
        predicted = net(item.mel[None, None])[0][0]
        voiced = item.f0 > 0
        errors.append((predicted[voiced] - item.f0[voiced]).abs())
    return float(torch.cat(errors).mean())


def vowel_accuracy(recognised: list[int], truth: list[int]) -> float:
    """1 - Levenshtein distance / reference length (phone accuracy), floored at 0."""
    previous = list(range(len(recognised) + 1))
    for i, want in enumerate(truth, start=1):
        current = [i]
        for j, got in enumerate(recognised, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (want != got)))  # fmt: skip
        previous = current
    return max(0.0, 1.0 - previous[-1] / max(len(truth), 1))


@torch.no_grad()
def recognise(net: ASRNet, mel: torch.Tensor) -> list[int]:
    """The vowel tokens (1..8) heard in one normalised log-mel (80, T)."""
    return greedy_ctc(net(mel[None, None]))[0]


def asr_accuracy(net: ASRNet, items: list[Labelled]) -> float:
    return float(
        np.mean([vowel_accuracy(recognise(net, i.mel), [v for _, v in i.vowel_frames])
                 for i in items])
    )  # fmt: skip


def write_helper(out: Path, role: str, net: JDCNet | ASRNet, record: dict) -> Path:
    """An auxiliary model-store entry (as the importers write) that ``--set f0=``/``asr=`` take."""
    import json

    from studio.ml.checkpoint import save_safetensors

    from ..importers import aux_config

    out.mkdir(parents=True, exist_ok=True)
    save_safetensors(
        out / "model.safetensors",
        {f"{role}.{k}": v.detach().contiguous() for k, v in net.state_dict().items()},
    )
    config = aux_config(role, net.config)
    (out / "config.json").write_text(json.dumps({**config, "trained": record}, indent=2) + "\n")
    return out


def train_helpers(
    manifest: Path, out: Path, jdc_minutes: float = 11.0, asr_minutes: float = 5.0, log=print
) -> dict:
    """Train both helpers (the shipped demo's: JDC 11 min, run as 6 + 5, and ASR 5 min on one
    shared thread); write ``out/f0`` and ``out/asr``; return their held-out scores."""
    train_items = labelled_utterances(manifest, "train")
    held_out = labelled_utterances(manifest, "test")
    jdc = train_jdc(train_items, jdc_minutes, log=log)
    asr = train_asr(train_items, asr_minutes, log=log)
    record = {
        "f0_mean_abs_error_hz_held_out": round(f0_error_hz(jdc, held_out), 1),
        "vowel_accuracy_held_out": round(asr_accuracy(asr, held_out), 3),
        "minutes": {"f0": jdc_minutes, "asr": asr_minutes},
        "train_utterances": len(train_items),
        "held_out_utterances": len(held_out),
    }
    write_helper(out / "f0", "f0", jdc, record)
    write_helper(out / "asr", "asr", asr, record)
    log(str(record))
    return record
