"""reshape, transpose, get_item and concatenate: values, gradients, errors."""

from __future__ import annotations

import numpy as np
import pytest

from autograd_core import Array, Variable, grad, gradcheck, gradgradcheck
from autograd_core_tensor.shape import Concatenate, GetItem, GetItemGrad, Reshape, Transpose

rng = np.random.default_rng(7)


def normal(*shape: int) -> Array:
    return np.asarray(rng.standard_normal(shape))


# reshape


def test_reshape_infers_the_minus_one() -> None:
    x = np.arange(24.0).reshape(2, 3, 4)
    y = Reshape(shape=(4, -1))(Variable(x))
    assert y.shape == (4, 6)
    np.testing.assert_array_equal(y.data, x.reshape(4, 6))


def test_reshape_accepts_an_int_and_a_scalar_target() -> None:
    np.testing.assert_array_equal(Reshape(shape=6)(Variable(np.ones((2, 3)))).data, np.ones(6))
    assert Reshape(shape=())(Variable(np.array([5.0]))).shape == ()


def test_reshape_gradient_is_the_cotangent_reshaped_back() -> None:
    x = Variable(normal(2, 3))
    gy = normal(3, 2)
    (gx,) = grad(Reshape(shape=(3, -1))(x), x, grad_outputs=gy)
    np.testing.assert_array_equal(gx.data, gy.reshape(2, 3))


def test_reshape_returns_a_copy() -> None:
    x = np.zeros((2, 3))
    y = Reshape(shape=(6,))(Variable(x))
    y.data[0] = 1.0
    assert x[0, 0] == 0.0


@pytest.mark.parametrize(
    ("shape", "message"),
    [
        ((4, 2), r"reshape: cannot reshape an input of shape \(2, 3\) \(size 6\) to shape \(4, 2"),
        ((4, -1), r"reshape: .* shape \(2, 3\) .* to shape \(4, -1\)"),
        ((0, -1), r"reshape: .* shape \(2, 3\) .* to shape \(0, -1\)"),
    ],
)
def test_reshape_to_an_incompatible_size_names_both_shapes(
    shape: tuple[int, ...], message: str
) -> None:
    x = np.ones((2, 3))
    with pytest.raises(ValueError, match=message):
        Reshape(shape=shape)(Variable(x))
    np.testing.assert_array_equal(x, np.ones((2, 3)))


def test_reshape_rejects_bad_shape_parameters() -> None:
    with pytest.raises(ValueError, match=r"reshape: shape \(-1, -1\) has more than one -1"):
        Reshape(shape=(-1, -1))
    with pytest.raises(TypeError, match="reshape: shape must be an int or a tuple of ints"):
        Reshape(shape=(2.0, 3))  # type: ignore[arg-type]  # the wrong type is the point
    with pytest.raises(ValueError, match=r"reshape: shape \(-2, 3\) has a negative size"):
        Reshape(shape=(-2, 3))


# transpose


def test_transpose_with_none_reverses_the_axes() -> None:
    x = normal(2, 3, 4)
    y = Transpose()(Variable(x))
    np.testing.assert_array_equal(y.data, x.T)
    assert y.shape == (4, 3, 2)


def test_transpose_with_axes_permutes_them() -> None:
    x = normal(2, 3, 4)
    y = Transpose(axes=(1, -1, 0))(Variable(x))
    assert y.shape == (3, 4, 2)
    np.testing.assert_array_equal(y.data, np.moveaxis(x, 0, -1))


def test_transpose_gradient_is_the_inverse_permutation() -> None:
    x = Variable(normal(2, 3, 4))
    gy = normal(3, 4, 2)  # y[j, k, i] = x[i, j, k], so gx[i, j, k] = gy[j, k, i]
    (gx,) = grad(Transpose(axes=(1, 2, 0))(x), x, grad_outputs=gy)
    expected = np.empty((2, 3, 4))
    for i, j, k in np.ndindex(2, 3, 4):
        expected[i, j, k] = gy[j, k, i]
    np.testing.assert_array_equal(gx.data, expected)


def test_transpose_accepts_a_list_of_axes() -> None:
    x = normal(2, 3, 4)
    np.testing.assert_array_equal(Transpose(axes=[2, 0, 1])(Variable(x)).data, x.transpose(2, 0, 1))


def test_transpose_of_a_vector_and_a_scalar_is_the_identity() -> None:
    np.testing.assert_array_equal(Transpose()(Variable(np.arange(3.0))).data, np.arange(3.0))
    assert Transpose()(Variable(np.array(2.0))).shape == ()


@pytest.mark.parametrize(
    ("axes", "message"),
    [
        ((0, 0), r"transpose: axes \(0, 0\) are not a permutation .* shape \(2, 3\)"),
        ((0,), r"transpose: axes \(0,\) are not a permutation .* shape \(2, 3\)"),
        ((0, 2), r"transpose: axis 2 is out of range for an input of shape \(2, 3\)"),
    ],
)
def test_transpose_with_bad_axes_names_them_and_the_shape(
    axes: tuple[int, ...], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        Transpose(axes=axes)(Variable(np.ones((2, 3))))


def test_transpose_rejects_axes_that_are_not_ints() -> None:
    with pytest.raises(TypeError, match="transpose: axes must be None or a tuple of ints"):
        Transpose(axes=(1.0, 0))  # type: ignore[arg-type]  # the wrong type is the point
    with pytest.raises(TypeError, match="transpose: axes must be None or a tuple of ints"):
        Transpose(axes=1)  # type: ignore[arg-type]  # the wrong type is the point


# get_item


def test_get_item_values_match_numpy() -> None:
    x = normal(3, 4, 5)
    index = (slice(None, None, -1), Ellipsis, None, np.array([4, 0, 4]))
    np.testing.assert_array_equal(GetItem(index=index)(Variable(x)).data, x[index])
    np.testing.assert_array_equal(GetItem(index=-1)(Variable(x)).data, x[-1])
    assert GetItem(index=(0, 1, 2))(Variable(x)).shape == ()


def test_get_item_with_a_repeated_index_accumulates_the_gradient() -> None:
    x = Variable(np.arange(4.0))
    y = GetItem(index=np.array([1, 3, 1, 1]))(x)
    np.testing.assert_array_equal(y.data, [1.0, 3.0, 1.0, 1.0])
    (gx,) = grad(y, x, grad_outputs=np.array([10.0, 20.0, 30.0, 40.0]))
    # x[1] was read three times: 10 + 30 + 40; x[3] once; x[0] and x[2] never
    np.testing.assert_array_equal(gx.data, [0.0, 80.0, 0.0, 20.0])


def test_get_item_gradient_of_a_slice_and_a_negative_index() -> None:
    x = Variable(normal(4, 3))
    gy = normal(2, 3)
    (gx,) = grad(GetItem(index=slice(1, 3))(x), x, grad_outputs=gy)
    np.testing.assert_array_equal(gx.data, np.vstack([np.zeros((1, 3)), gy, np.zeros((1, 3))]))
    (gx,) = grad(GetItem(index=(-1, -2))(x), x, grad_outputs=np.array(5.0))
    expected = np.zeros((4, 3))
    expected[3, 1] = 5.0
    np.testing.assert_array_equal(gx.data, expected)


def test_get_item_grad_is_differentiable_twice() -> None:
    index = (np.array([0, 2, 0]), slice(None, 2))

    def f(x: Variable) -> Variable:
        y = GetItem(index=index)(x)
        return y * y * y

    x = normal(3, 4)
    assert gradcheck(f, x)
    assert gradgradcheck(f, x)
    # and GetItemGrad itself, whose backward is get_item
    assert gradgradcheck(lambda g: GetItemGrad(index=index, shape=(3, 4))(g) ** 2, normal(3, 2))


def test_get_item_accepts_lists_and_boolean_masks() -> None:
    x = normal(5)
    np.testing.assert_array_equal(GetItem(index=[0, 0, 4])(Variable(x)).data, x[[0, 0, 4]])
    mask = x > 0
    xv = Variable(x)
    (gx,) = grad(GetItem(index=mask)(xv), xv, grad_outputs=np.ones(int(mask.sum())))
    np.testing.assert_array_equal(gx.data, mask.astype(np.float64))


def test_get_item_keeps_its_own_copy_of_an_index_array() -> None:
    index = np.array([0, 1])
    f = GetItem(index=index)
    index[:] = 2
    np.testing.assert_array_equal(f(Variable(np.arange(3.0))).data, [0.0, 1.0])


def test_get_item_out_of_range_names_the_index_and_the_shape() -> None:
    with pytest.raises(IndexError, match=r"get_item: index \[5, 1:\] .* shape \(4, 3\)"):
        GetItem(index=(5, slice(1, None)))(Variable(np.ones((4, 3))))


def test_get_item_rejects_what_is_not_an_index() -> None:
    with pytest.raises(TypeError, match=r"get_item: .* got float"):
        GetItem(index=1.5)  # type: ignore[arg-type]  # the wrong type is the point
    with pytest.raises(TypeError, match=r"get_item: .* got ndarray"):
        GetItem(index=np.array([0.5]))


# concatenate


def test_concatenate_three_inputs_along_axis_1() -> None:
    a, b, c = normal(2, 1), normal(2, 3), normal(2, 2)
    xs = [Variable(a), Variable(b), Variable(c)]
    y = Concatenate(axis=1)(*xs)
    assert y.shape == (2, 6)
    np.testing.assert_array_equal(y.data[:, :1], a)
    np.testing.assert_array_equal(y.data[:, 1:4], b)
    np.testing.assert_array_equal(y.data[:, 4:], c)
    gy = normal(2, 6)
    ga, gb, gc = grad(y, xs, grad_outputs=gy)
    np.testing.assert_array_equal(ga.data, gy[:, :1])
    np.testing.assert_array_equal(gb.data, gy[:, 1:4])
    np.testing.assert_array_equal(gc.data, gy[:, 4:])


def test_concatenate_with_a_negative_axis_and_one_input() -> None:
    a, b = normal(2, 2, 1), normal(2, 2, 3)
    y = Concatenate(axis=-1)(Variable(a), Variable(b))
    np.testing.assert_array_equal(y.data, np.concatenate([a, b], axis=2))
    x = Variable(normal(3))
    (gx,) = grad(Concatenate()(x), x, grad_outputs=np.array([1.0, 2.0, 3.0]))
    np.testing.assert_array_equal(gx.data, [1.0, 2.0, 3.0])


def test_concatenate_errors_name_the_inputs_and_shapes() -> None:
    a, b = Variable(np.ones((2, 3))), Variable(np.ones((2, 4)))
    with pytest.raises(ValueError, match=r"concatenate: input 1 of shape \(2, 4\) does not "
                       r"match input 0 of shape \(2, 3\) outside axis 0"):
        Concatenate(axis=0)(a, b)
    with pytest.raises(ValueError, match=r"concatenate: axis 2 is out of range .* \(2, 3\)"):
        Concatenate(axis=2)(a, a)
    with pytest.raises(ValueError, match="concatenate: input 0 is 0-d"):
        Concatenate()(Variable(np.array(1.0)))
    with pytest.raises(ValueError, match="concatenate: needs at least one input"):
        Concatenate()()
    with pytest.raises(TypeError, match="concatenate: axis must be an int"):
        Concatenate(axis=(0,))  # type: ignore[arg-type]  # the wrong type is the point
