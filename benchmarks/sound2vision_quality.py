"""Quality of the bundled sound2vision demo model on sounds it never saw: R@1/R@5 audio-to-image
retrieval on a freshly drawn held-out corpus (seed 2, not the training corpus's seed 1), the
fader check (paper M1), the two-source mix (M2) and the rain + bird recordings (M3)."""

from __future__ import annotations

from pathlib import Path

from studio.demodata.sound_scenes import build_sounds_scenes
from studio.evaluation.sound_scene import evaluate_demo

HELD_OUT_ITEMS = 150
HELD_OUT_SEED = 2


def main(scratch: str) -> None:
    from studio_sound2vision.plugin import DEMO_WEIGHTS_DIR

    corpus = Path(scratch) / "sound2vision-held-out"
    manifest = build_sounds_scenes(
        corpus, items=HELD_OUT_ITEMS, seed=HELD_OUT_SEED, heldout_fraction=0.999
    )
    report = evaluate_demo(DEMO_WEIGHTS_DIR, manifest)
    retrieval = report["retrieval_audio_to_image"]
    volume = report["volume_fader_grows_object"]
    mixing = report["mix_shows_both"]
    recordings = report["rain_and_bird_recordings"]
    print("sound2vision demo model on held-out synthetic sounds:")
    print(
        f"  retrieval R@1 {retrieval['R@1']} %, R@5 {retrieval['R@5']} % over "
        f"{retrieval['pairs']} pairs (chance R@1 {retrieval['chance_R@1']} %)"
    )
    print(
        f"  fader grows the object in {volume['monotonic_share']:.0%} of {volume['clips']} clips "
        f"(own class colour: {volume['monotonic_share_own_class_colour']:.0%}; target: 80 %)"
    )
    print(
        f"  a two-source mix shows both objects in {mixing['both_shown_share']:.0%} of "
        f"{mixing['pairs']} pairs (target: 70 %); a class not in the mix in "
        f"{mixing['other_class_shown_share']:.0%}"
    )
    print(
        f"  rain + bird recordings: the bird grows with its fader in "
        f"{recordings['raised_object_grows_share']:.0%} of {len(recordings['raised_object_area'])}"
    )
