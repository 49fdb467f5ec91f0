"""The conv plugin as a third party's: its hook and entry point, hand computations,
im2col/col2im adjointness, bad input, the typed calling forms and the conformance checks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, assert_type

import numpy as np
import pytest

import autograd_core.functions as F
import autograd_core_conv
from autograd_core import (
    AutogradPlugin,
    Function,
    FunctionRegistry,
    Variable,
    grad,
    gradcheck,
    gradgradcheck,
)
from autograd_core.extend import check_signature
from autograd_core.testing import check_function
from autograd_core_conv import (
    AvgPool2d,
    Col2im,
    Conv2d,
    Im2col,
    MaxPool2d,
    avg_pool2d,
    conv2d,
    max_pool2d,
)

NAMES = {"conv2d", "max_pool2d", "avg_pool2d"}

plugin: AutogradPlugin = autograd_core_conv  # mypy checks the hook's signature against the spec


def test_the_hook_registers_the_three_functions_with_samples() -> None:
    fresh = FunctionRegistry()
    plugin.register_functions(registry=fresh)
    assert set(fresh) == NAMES
    assert all(fresh.info(name).samples is not None for name in NAMES)


@pytest.mark.parametrize("name", sorted(NAMES))
def test_installed_entry_point_and_the_conformance_checks(name: str) -> None:
    info = F.registry.info(name)
    assert info.distribution == "autograd-core-conv" and info.plugin.name == "conv"
    assert check_function(name).passed


STUBS: list[tuple[Callable[..., Any], type[Function[Any]]]] = [
    (conv2d, Conv2d),
    (max_pool2d, MaxPool2d),
    (avg_pool2d, AvgPool2d),
]


@pytest.mark.parametrize(("stub", "cls"), STUBS, ids=[c.__name__ for _, c in STUBS])
def test_each_stub_agrees_with_its_class(
    stub: Callable[..., Any], cls: type[Function[Any]]
) -> None:
    assert check_signature(stub, cls) == []
    assert F.registry.get(stub.__name__) is cls
    assert stub.__doc__


def test_the_typed_forms_take_the_bias_and_parameters_as_the_contract_says() -> None:
    x, w, b = np.ones((1, 1, 4, 4)), Variable(np.ones((2, 1, 3, 3))), np.array([1.0, -1.0])
    y = assert_type(conv2d(x, w, None, 2, 1), Variable)  # as F.conv2d(x, W, None, 2, 1)
    assert y.shape == (1, 2, 2, 2)
    # real elements per window: 2 or 3 rows (the first window starts in the padding) times 2 or 3
    np.testing.assert_array_equal(y.data[0, 0], [[4.0, 6.0], [6.0, 9.0]])
    y = assert_type(conv2d(x, w, b, stride=(1, 3)), Variable)
    np.testing.assert_array_equal(y.data[0, :, :, 0], [[10.0, 10.0], [8.0, 8.0]])
    assert_type(max_pool2d(x, 2), Variable)
    assert_type(avg_pool2d(x, kernel_size=(2, 1), stride=None, pad=0), Variable)


def test_conv2d_by_hand() -> None:
    x = np.arange(16.0).reshape(1, 1, 4, 4)
    w = np.array([[[[1.0, 0.0], [0.0, -1.0]]]])  # x[i, j] - x[i + 1, j + 1] = -5 everywhere
    y = conv2d(x, w, np.array([0.5]), stride=2)
    np.testing.assert_array_equal(y.data, np.full((1, 1, 2, 2), -4.5))
    y = conv2d(x, w, pad=1)  # the corners see the zero padding
    assert y.shape == (1, 1, 5, 5)
    assert y.data[0, 0, 0, 0] == -0.0 - x[0, 0, 0, 0] and y.data[0, 0, 4, 4] == 15.0


def test_conv2d_gradients_by_hand() -> None:
    x = Variable(np.arange(9.0).reshape(1, 1, 3, 3))
    w = Variable(np.ones((1, 1, 2, 2)))
    b = Variable(np.zeros(1))
    conv2d(x, w, b).backward(np.ones((1, 1, 2, 2)))
    assert x.grad is not None and w.grad is not None and b.grad is not None
    # each x element counts once per window that covers it
    np.testing.assert_array_equal(x.grad.data[0, 0], [[1, 2, 1], [2, 4, 2], [1, 2, 1]])
    # dW[i, j] = sum of x over the windows' (i, j) positions
    np.testing.assert_array_equal(w.grad.data[0, 0], [[8, 12], [20, 24]])
    np.testing.assert_array_equal(b.grad.data, [4.0])


def test_pooling_by_hand() -> None:
    x = Variable(np.array([[[[1.0, 5.0, 2.0, 0.0], [3.0, 4.0, 8.0, 1.0]]]]))
    y = max_pool2d(x, 2)
    np.testing.assert_array_equal(y.data, [[[[5.0, 8.0]]]])
    y.backward(np.array([[[[10.0, 20.0]]]]))
    assert x.grad is not None
    np.testing.assert_array_equal(x.grad.data, [[[[0, 10, 0, 0], [0, 0, 20, 0]]]])
    z = avg_pool2d(Variable(x.data), 2, pad=1)  # padded zeros count: (0 + 0 + 0 + 1) / 4
    np.testing.assert_array_equal(z.data[0, 0, 0], [0.25, 7 / 4, 0.0])


def test_im2col_and_col2im_are_adjoint() -> None:
    rng = np.random.default_rng(0)
    for shape, kernel, stride, pad in [
        ((2, 3, 5, 6), (3, 2), (2, 1), (1, 0)),
        ((1, 2, 4, 4), (2, 2), (2, 2), (0, 0)),
        ((1, 1, 5, 5), (3, 3), (1, 1), (2, 2)),
    ]:
        x = rng.standard_normal(shape)
        col = Im2col(kernel, stride, pad)(x)
        c = rng.standard_normal(col.shape)
        back = Col2im(shape, kernel, stride, pad)(c)
        # <im2col(x), c> == <x, col2im(c)>: each is the other's transpose
        assert float(np.sum(col.data * c)) == pytest.approx(float(np.sum(x * back.data)))


def test_conv2d_second_derivative_against_central_differences() -> None:
    rng = np.random.default_rng(3)
    x, w, b = rng.standard_normal((1, 2, 4, 4)), rng.standard_normal((2, 2, 2, 2)), np.ones(2)
    assert gradcheck(lambda x, w, b: conv2d(x, w, b, stride=2, pad=1), x, w, b)
    assert gradgradcheck(lambda x, w, b: conv2d(x, w, b, stride=(1, 2), pad=(1, 0)), x, w, b)


def test_pooling_second_derivatives_are_zero() -> None:
    x = Variable(np.random.default_rng(2).standard_normal((1, 2, 4, 4)))
    for y in (max_pool2d(x, 3, 1, 1), avg_pool2d(x, 2, 1)):
        (gx,) = grad(y, x, grad_outputs=np.ones(y.shape), create_graph=True)
        (ggx,) = grad(gx, x, grad_outputs=np.ones(x.shape))
        np.testing.assert_array_equal(ggx.data, 0.0)


@pytest.mark.parametrize(
    ("call", "error", "pattern"),
    [
        (lambda x, w: conv2d(x, w.data[:, :2]), ValueError, r"x has 3 channels .* W expects 2"),
        (
            lambda x, w: conv2d(x.data[:, :, :2, :2], w),
            ValueError,
            r"kernel \(3, 3\) is larger than",
        ),
        (lambda x, w: conv2d(x, w, pad=(0, -1)), ValueError, "pad must be non-negative"),
        (lambda x, w: conv2d(x, w, stride=0), ValueError, "stride must be positive"),
        (
            lambda x, w: conv2d(x, w, stride=1.5),  # type: ignore[arg-type]  # deliberately wrong
            TypeError,
            "stride must be an int or a pair",
        ),
        (lambda x, w: conv2d(x, w, np.ones(3)), ValueError, r"b must have shape \(4,\)"),
        (lambda x, w: conv2d(x.data[0], w), ValueError, r"x must have shape \(N, C, H, W\)"),
        (lambda x, w: conv2d(x, w.data[:, :, :0]), ValueError, r"at least 1 x 1, .*\(4, 3, 0, 3\)"),
        (lambda x, w: conv2d(x, w.data[..., :0]), ValueError, r"at least 1 x 1, .*\(4, 3, 3, 0\)"),
        (lambda x, w: max_pool2d(x, 0), ValueError, "max_pool2d: kernel_size must be positive"),
        (lambda x, w: max_pool2d(x, 2, (1, 0)), ValueError, "max_pool2d: stride must be positive"),
        (lambda x, w: avg_pool2d(x, -2), ValueError, "avg_pool2d: kernel_size must be positive"),
        (lambda x, w: avg_pool2d(x, 2, 0), ValueError, "avg_pool2d: stride must be positive"),
        (lambda x, w: avg_pool2d(x, 2, pad=2), ValueError, "pad must be at most half"),
        (lambda x, w: max_pool2d(x, 6), ValueError, r"max_pool2d: the kernel \(6, 6\) is larger"),
    ],
)
def test_bad_input_raises_naming_the_function_and_changes_nothing(
    call: Callable[[Variable, Variable], Variable], error: type[Exception], pattern: str
) -> None:
    rng = np.random.default_rng(0)
    x, w = Variable(rng.standard_normal((2, 3, 5, 5))), Variable(rng.standard_normal((4, 3, 3, 3)))
    saved = x.data.copy(), w.data.copy()
    old = Variable(np.full(x.shape, 2.0))
    x.grad = old
    with pytest.raises(error, match=pattern) as info:
        call(x, w)
    assert any(n in str(info.value) for n in NAMES)
    np.testing.assert_array_equal(x.data, saved[0])
    np.testing.assert_array_equal(w.data, saved[1])
    assert x.grad is old and w.grad is None and x.creator is None
    np.testing.assert_array_equal(old.data, 2.0)


def test_a_wrong_number_of_inputs_names_conv2d() -> None:
    x = np.ones((1, 1, 3, 3))
    with pytest.raises(TypeError, match="conv2d takes x, W and an optional b"):
        Conv2d()(x)
    with pytest.raises(TypeError, match="conv2d takes x, W and an optional b"):
        Conv2d()(x, None, x)
