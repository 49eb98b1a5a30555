"""The instrument of the demo model's quality check: on drawn faces (whose parameters are
known), the smoothed measurements still track each trained attribute."""

import pytest
from scipy.stats import spearmanr

from studio.demodata import draw_speakers, face, measure_face
from studio.ml.evaluation.faces import ATTRIBUTES, smooth


@pytest.mark.parametrize("attribute", sorted(ATTRIBUTES))
def test_smoothed_measurements_track_the_drawn_attributes(attribute):
    people = draw_speakers(120, seed=9)
    measurement, sign = ATTRIBUTES[attribute]
    values = [
        sign * measure_face(smooth(face(person, seed=i)))[measurement]
        for i, person in enumerate(people)
    ]
    # 0.75: blurring at 3 px costs the face-length reading a little (0.97 unblurred).
    assert spearmanr(values, [getattr(p, attribute) for p in people]).statistic >= 0.75
