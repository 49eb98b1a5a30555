from studio.api import GeneratorInfo, Kind, LatentSpec, Param, Slot, Task, hookimpl

STUDIO_CONTRACT = 1  # the plugin contract this module is written for (studio.api.contract)


@hookimpl
def studio_generators():
    return [
        GeneratorInfo(
            id="example:voice-to-swatch",
            title="Voice to colour swatch",
            task=Task.VOICE_TO_FACE,
            inputs=(Slot("voice", Kind.AUDIO),),
            output=Kind.IMAGE,
            params=(
                Param("size", int, 16, 4, 64),
                Param("jitter", float, 0.0, 0.0, 1.0, live=True),
            ),
            latent=LatentSpec(dim=2, array="colour"),
            load="studio_example.swatch:load",
        )
    ]
