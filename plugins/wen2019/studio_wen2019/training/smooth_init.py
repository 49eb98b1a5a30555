"""A checkerboard-free start for the generator's stride-2 transposed convolutions.

Each 4x4 stride-2 kernel is set to a 1x1 channel mix (its default initialisation, summed over
the kernel) times the separable bilinear tap [1/4, 3/4, 3/4, 1/4]: at step 0 every layer is a
bilinear upsampling followed by a 1x1 convolution, so no output phase starts out brighter than
its neighbours (Aitken et al. 2017 on sub-pixel convolutions; Odena et al. 2016 on the
artefact). Training is free to leave it; the layout is unchanged.
"""

from __future__ import annotations

import torch
from torch import nn

BILINEAR_TAPS = (0.25, 0.75, 0.75, 0.25)


@torch.no_grad()
def smooth_upsampling_init(generator: nn.Module) -> int:
    """Re-initialises every 4x4 stride-2 ConvTranspose2d of ``generator``; returns how many."""
    taps = torch.tensor(BILINEAR_TAPS)
    kernel = torch.outer(taps, taps)  # each output phase meets taps that sum to 1
    changed = 0
    for layer in generator.modules():
        if (
            isinstance(layer, nn.ConvTranspose2d)
            and layer.kernel_size == (4, 4)
            and layer.stride == (2, 2)
        ):
            # Half the kernel's sum keeps the default initialisation's scale per output phase.
            mix = layer.weight.sum(dim=(2, 3), keepdim=True) / 2.0
            layer.weight.copy_(mix * kernel.to(layer.weight))
            changed += 1
    return changed
