import pytest

from studio.api import Cancelled, CancelToken, Progress


def test_spans_map_onto_the_parent_range():
    seen = []
    progress = Progress(lambda fraction, message: seen.append((round(fraction, 6), message)))
    encode = progress.span(0.0, 0.8)
    encode.update(0.5, "half of encode")
    encode.span(0.5, 1.0).update(1.0, "end of encode")
    progress.span(0.8, 1.0).update(0.5, "half of decode")
    assert seen == [(0.4, "half of encode"), (0.8, "end of encode"), (0.9, "half of decode")]


def test_update_raises_cancelled_once_the_token_is_cancelled():
    token = CancelToken()
    progress = Progress(token=token).span(0.2, 0.4)
    progress.update(0.5)
    token.cancel()
    with pytest.raises(Cancelled):
        progress.update(0.6)
    with pytest.raises(Cancelled):
        progress.check()


def test_fractions_are_clamped():
    seen = []
    Progress(lambda f, m: seen.append(f)).update(7.0)
    assert seen == [1.0]
