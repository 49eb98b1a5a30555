import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studio.api import GeneratorInfo, Kind, LatentSpec, Param, Slot, Task


def test_command_line_text_is_coerced_to_the_param_type():
    assert Param("variation", float, 0.0, 0.0, 1.0).coerce("0.25") == 0.25
    assert Param("steps", int, 3, 1, 9).coerce("7") == 7
    assert Param("vad", bool, True).coerce("off") is False
    assert Param("mode", str, "a", choices=("a", "b")).coerce("b") == "b"


@pytest.mark.parametrize(
    "param, value, words",
    [
        (Param("variation", float, 0.0, 0.0, 1.0), "1.5", "above the maximum"),
        (Param("variation", float, 0.0, 0.0, 1.0), "-0.1", "below the minimum"),
        (Param("variation", float, 0.0, 0.0, 1.0), "lots", "expected float"),
        (Param("variation", float, 0.0), "nan", "finite"),
        (Param("steps", int, 3), "2.5", "expected int"),
        (Param("steps", int, 3), True, "expected int"),
        (Param("vad", bool, True), "maybe", "true or false"),
        (Param("mode", str, "a", choices=("a", "b")), "c", "not one of"),
    ],
)
def test_bad_values_are_refused_with_a_reason(param, value, words):
    with pytest.raises(ValueError, match=words):
        param.coerce(value)


@settings(deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_a_float_is_accepted_exactly_when_it_is_in_range(value):
    param = Param("x", float, 0.5, 0.0, 1.0)
    if 0.0 <= value <= 1.0:
        assert param.coerce(value) == value
        assert param.coerce(repr(value)) == value
    else:
        with pytest.raises(ValueError):
            param.coerce(value)


def info(**changes):
    fields = dict(
        id="demo:voice-to-face",
        title="t",
        task=Task.VOICE_TO_FACE,
        inputs=(Slot("voice", Kind.AUDIO),),
        output=Kind.IMAGE,
        load="demo.module:load",
    )
    fields.update(changes)
    return GeneratorInfo(**fields)


def test_a_well_formed_descriptor_has_no_problems():
    assert info(params=(Param("a", float, 0.1, 0.0, 1.0),), latent=LatentSpec(8)).problems() == []


@pytest.mark.parametrize(
    "changes, words",
    [
        ({"id": "NoColon"}, "plugin:name"),
        ({"load": "no_colon"}, "module:function"),
        ({"task": "voice-to-face"}, "studio.api.Task"),
        ({"params": (Param("a", float, 2.0, 0.0, 1.0),)}, "default"),
        ({"params": (Param("Bad Name", float, 0.0),)}, "identifier"),
        ({"params": (Param("a", list, []),)}, "type must be"),
        ({"params": (Param("a", float, 0.0), Param("a", float, 0.0))}, "declared twice"),
        ({"params": ({"name": "a"},)}, "not a studio.api.Param"),
        ({"latent": LatentSpec(0)}, "dim >= 1"),
        ({"inputs": (("voice", "audio"),)}, "Slot"),
    ],
)
def test_malformed_descriptors_are_described(changes, words):
    problems = info(**changes).problems()
    assert any(words in problem for problem in problems), problems


def test_minimum_above_maximum_is_a_problem():
    assert any("minimum is above" in p for p in Param("a", float, 0.0, 1.0, 0.0).problems())
    assert math.isclose(Param("a", float, 1, 0, 2).coerce(1), 1.0)
