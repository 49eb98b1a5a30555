"""Naming latent directions after the speaker parameter they follow, for the latent sliders."""

PARAMETER_NAMES = {
    "vtl_cm": "vocal-tract length",
    "f0_hz": "pitch",
    "breathiness": "breathiness",
    "rate_syl_s": "speaking rate",
}
NAMING_THRESHOLD = 0.5  # |Spearman| an axis needs with a parameter to be named after it
