"""check_layout says which keys are missing, unexpected or the wrong shape, in one line."""

from __future__ import annotations

import pytest
import torch

from studio.api.errors import WeightsError
from studio.ml.checkpoint import check_layout, layout_of

EXPECTED = {
    "conv.weight": (8, 3, 3, 3),
    "conv.bias": (8,),
    "bn.running_mean": (8,),
    "bn.num_batches_tracked": (),
}


def state_with(**shapes: tuple[int, ...]) -> dict[str, torch.Tensor]:
    state = {name: torch.zeros(shape) for name, shape in EXPECTED.items()}
    for name, shape in shapes.items():
        name = name.replace("__", ".")
        if shape is None:
            del state[name]
        else:
            state[name] = torch.zeros(shape)
    return state


def message(state: dict, expected: dict = EXPECTED, **options) -> str:
    with pytest.raises(WeightsError) as caught:
        check_layout(state, expected, "weights.pth", **options)
    return str(caught.value)


def test_matching_layout_passes() -> None:
    check_layout(state_with(), EXPECTED, "weights.pth")
    check_layout(state_with(), layout_of(state_with()), "weights.pth")


def test_reports_missing_unexpected_and_wrong_shapes() -> None:
    state = state_with(conv__bias=None, conv__weight=(8, 1, 3, 3), head__weight=(2, 8))
    assert message(state) == (
        "weights.pth: the tensors do not match the layout this model expects (expected 4 tensors, "
        "found 4): missing 1 (conv.bias); unexpected 1 (head.weight); "
        "wrong shape 1 (conv.weight: expected (8, 3, 3, 3), found (8, 1, 3, 3))"
    )


def test_optional_keys_may_be_absent_or_extra_but_keep_their_shape() -> None:
    optional = {"bn.num_batches_tracked", "bn.extra"}
    check_layout(state_with(bn__num_batches_tracked=None), EXPECTED, "w", optional=optional)
    check_layout(state_with(bn__extra=(1,)), EXPECTED, "w", optional=optional)
    found = message(state_with(bn__num_batches_tracked=(2,)), optional=optional)
    assert "wrong shape 1 (bn.num_batches_tracked: expected (), found (2))" in found


def test_long_lists_are_summarised_with_counts() -> None:
    expected = {f"block{i}.weight": (1,) for i in range(12)}
    found = message({"other.weight": torch.zeros(1)}, expected)
    assert "expected 12 tensors, found 1" in found
    shown = ", ".join(f"block{i}.weight" for i in range(5))
    assert f"missing 12 ({shown}, … and 7 more)" in found
    assert "unexpected 1 (other.weight)" in found
    assert "\n" not in found


def test_layout_of_reads_shapes() -> None:
    assert layout_of(torch.nn.Linear(3, 2).state_dict()) == {"weight": (2, 3), "bias": (2,)}
