"""``persona-studio evaluate`` for every bundled voice-to-face model: one table each, on speech
sets built once (held-out synthetic speakers and the held-out espeak-ng voices)."""

from __future__ import annotations

FACE_MODELS = (  # (generator, weights): every bundled voice-to-face entry
    ("wen2019:voice-to-face", "demo"),
    ("sf2f:voice-to-face", "demo"),
    ("avpgan:voice-to-face", "demo"),
    ("avpgan:voice-to-face", "demo-no-cbam"),
    ("xfavot:voice-to-face", "demo"),
)


def main() -> None:
    from studio.app.context import Context
    from studio.evaluation.face_evaluation import evaluate_face_generator, speech_sets
    from studio.evaluation.yardstick_table import table

    context = Context()
    voice_sets = speech_sets()
    for generator, weights in FACE_MODELS:
        report = evaluate_face_generator(context.engine, generator, voice_sets, weights)
        print(table(report), flush=True)


if __name__ == "__main__":
    main()
