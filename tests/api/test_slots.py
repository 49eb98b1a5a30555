"""Image slots say their shape and content; a malformed one is named, old ones stay valid."""

from studio.api import GeneratorInfo, Kind, Slot, Task


def info(*inputs):
    return GeneratorInfo(
        id="demo:face-to-x",
        title="x",
        task=Task.FACE_TO_VOICE,
        inputs=inputs,
        output=Kind.AUDIO,
        load="m:f",
    )


def test_an_image_slot_is_square_and_face_centred_unless_it_says_otherwise():
    slot = Slot("face", Kind.IMAGE, "Reference face")
    assert (slot.aspect, slot.content) == (1.0, "face")
    assert info(slot, Slot("scene", Kind.IMAGE, aspect=16 / 9, content="scene")).problems() == []


def test_a_bad_aspect_or_content_is_named():
    problems = info(
        Slot("face", Kind.IMAGE, aspect=0.0), Slot("bg", Kind.IMAGE, content="landscape")
    ).problems()
    assert problems == [
        "demo:face-to-x: input 'face': aspect must be a number from 0.1 to 10",
        "demo:face-to-x: input 'bg': content must be one of ['face', 'scene']",
    ]
