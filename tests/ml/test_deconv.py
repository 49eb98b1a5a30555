import pytest
import torch
from torch import nn

from studio.ml.deconv import GemmTransposedConv2d, with_gemm_transposed_convs


@pytest.mark.parametrize(
    "cin, cout, kernel, stride, padding, size",
    [
        (64, 32, 4, 1, 0, 1),
        (16, 8, 4, 2, 1, 5),
        (8, 3, 1, 1, 0, 7),
        (6, 4, 3, 2, 1, 4),
        (5, 7, (3, 5), (2, 1), (1, 2), 6),
    ],
)
def test_equals_conv_transpose(cin, cout, kernel, stride, padding, size):
    torch.manual_seed(0)
    conv = nn.ConvTranspose2d(cin, cout, kernel, stride, padding)
    x = torch.randn(2, cin, size, size + 1)
    with torch.no_grad():
        torch.testing.assert_close(GemmTransposedConv2d(conv)(x), conv(x), rtol=1e-5, atol=1e-5)


def test_a_copy_is_rewritten_and_the_original_kept():
    net = nn.Sequential(nn.ConvTranspose2d(4, 4, 4, 2, 1), nn.ReLU(), nn.ConvTranspose2d(4, 3, 1))
    fast = with_gemm_transposed_convs(net)
    assert all(not isinstance(m, nn.ConvTranspose2d) for m in fast.modules())
    assert isinstance(net[0], nn.ConvTranspose2d)
    x = torch.randn(1, 4, 3, 3)
    with torch.no_grad():
        torch.testing.assert_close(fast(x), net(x), rtol=1e-5, atol=1e-5)


def test_unsupported_settings_are_refused():
    with pytest.raises(ValueError):
        GemmTransposedConv2d(nn.ConvTranspose2d(4, 4, 3, 2, 1, output_padding=1))
