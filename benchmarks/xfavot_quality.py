"""Demo-quality figures of the bundled xfavot model on held-out synthetic speakers (targets in docs/xfavot.md):
face -> voice mean-F0 Spearman, voice -> face attribute Spearmans, and the demo vowel
recogniser's accuracy on converted speech relative to the source, on the corpus the demo was
trained on: ``make demo-models``'s copy when there is one, else built here (about 30 s; the
same command and seed make the same files)."""

from __future__ import annotations

from pathlib import Path

CORPORA = (Path("build/demo-xfavot/corpus"), Path("build/demo-wen2019/corpus"))
# plugins/xfavot/scripts/make_demo_model.py's corpus: SPEAKERS and CORPUS_SEED there
SPEAKERS, CORPUS_SEED = 200, 1


def main() -> None:
    from studio.evaluation.running import engine_runner
    from studio_xfavot.evaluation import evaluate_demo
    from studio_xfavot.plugin import DEMO_WEIGHTS_DIR

    corpus = next((c for c in CORPORA if (c / "manifest.jsonl").is_file()), None)
    if corpus is None:
        from studio.demodata.corpus import build_voices_faces

        corpus = CORPORA[0]
        build_voices_faces(corpus, speakers=SPEAKERS, seed=CORPUS_SEED, face_style="drawn")
    report = evaluate_demo(
        DEMO_WEIGHTS_DIR, corpus / "manifest.jsonl", engine_runner(DEMO_WEIGHTS_DIR)
    )
    print(f"xfavot demo quality on {report['held_out_speakers']} held-out synthetic speakers:")
    print(f"  face -> voice: Spearman(output mean F0, face speaker's F0) = "
          f"{report['face_to_voice_f0_spearman']} (target >= 0.6)")  # fmt: skip
    print(f"  face -> voice: Spearman(output formant scale, face speaker's VTL) = "
          f"{report['face_to_voice_vtl_spearman']}, within each register "
          f"{report['vtl_spearman_within_gender']['face_to_voice']}")  # fmt: skip
    rho = ", ".join(f"{k} {v}" for k, v in report["voice_to_face_spearman"].items())
    print(f"  voice -> face: Spearman per attribute: {rho} (target >= 0.6)")
    print(f"  voice -> face within each register: {report['voice_to_face_spearman_within_gender']}")
    print(f"  the same face measures on the speakers' own faces: {report['true_faces_spearman']}")
    print(f"  without the style bridge (the paper's direct use): {report['without_style_bridge']}")
    print(f"  content: vowel accuracy {report.get('phone_accuracy_converted')} on converted "
          f"speech vs {report.get('phone_accuracy_source')} on the source, ratio "
          f"{report['phone_accuracy_ratio']} (target >= 0.7)")  # fmt: skip
    print(f"  diagnostics: voice -> voice F0 Spearman {report['voice_to_voice_f0_spearman']}, "
          f"within each register {report['f0_spearman_within_gender']}; voice -> voice VTL "
          f"{report['voice_to_voice_vtl_spearman']}, "
          f"within-gender style spread {report['style_spread']}")  # fmt: skip
