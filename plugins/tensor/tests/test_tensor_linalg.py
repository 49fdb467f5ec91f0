"""matmul: values against numpy, closed-form gradients, 1-D and batched operands, errors."""

from __future__ import annotations

import numpy as np
import pytest

from autograd_core import Array, Variable, grad, gradcheck, gradgradcheck
from autograd_core_tensor.linalg import MatMul

rng = np.random.default_rng(11)


def normal(*shape: int) -> Array:
    return np.asarray(rng.standard_normal(shape))


def matmul_grads(a: Array, b: Array, gy: Array) -> tuple[Array, Array]:
    """The gradients of `a @ b` computed by the engine, for cotangent `gy`."""
    va, vb = Variable(a), Variable(b)
    ga, gb = grad(MatMul()(va, vb), [va, vb], grad_outputs=gy)
    return ga.data, gb.data


def test_matrix_times_matrix() -> None:
    a, b, gy = normal(2, 3), normal(3, 4), normal(2, 4)
    np.testing.assert_allclose(MatMul()(Variable(a), Variable(b)).data, a @ b)
    ga, gb = matmul_grads(a, b, gy)
    np.testing.assert_allclose(ga, gy @ b.T)
    np.testing.assert_allclose(gb, a.T @ gy)


def test_vector_operands() -> None:
    v, m, w = normal(3), normal(3, 2), normal(3)
    g2 = normal(2)
    np.testing.assert_allclose(MatMul()(Variable(v), Variable(m)).data, v @ m)
    gv, gm = matmul_grads(v, m, g2)
    np.testing.assert_allclose(gv, m @ g2)
    np.testing.assert_allclose(gm, np.outer(v, g2))

    mt = m.T  # (2, 3) @ (3,)
    gmt, gv = matmul_grads(mt, v, g2)
    np.testing.assert_allclose(gmt, np.outer(g2, v))
    np.testing.assert_allclose(gv, mt.T @ g2)

    y = MatMul()(Variable(v), Variable(w))
    assert y.shape == ()
    np.testing.assert_allclose(y.data, v @ w)
    gv, gw = matmul_grads(v, w, np.array(2.0))
    np.testing.assert_allclose(gv, 2.0 * w)
    np.testing.assert_allclose(gw, 2.0 * v)


def test_batched_matmul_sums_gradients_over_broadcast_batch_axes() -> None:
    a, b = normal(2, 1, 2, 3), normal(3, 3, 4)  # batch axes (2, 1) and (3,) give (2, 3)
    y = MatMul()(Variable(a), Variable(b))
    np.testing.assert_allclose(y.data, np.matmul(a, b))
    gy = normal(2, 3, 2, 4)
    ga, gb = matmul_grads(a, b, gy)
    expected_a = np.zeros_like(a)
    expected_b = np.zeros_like(b)
    for i, j in np.ndindex(2, 3):
        expected_a[i, 0] += gy[i, j] @ b[j].T
        expected_b[j] += a[i, 0].T @ gy[i, j]
    np.testing.assert_allclose(ga, expected_a)
    np.testing.assert_allclose(gb, expected_b)


def test_vector_times_a_batch_of_matrices() -> None:
    v, m = normal(4), normal(2, 4, 3)
    assert gradcheck(lambda x, y: MatMul()(x, y), v, m)


def test_second_derivatives() -> None:
    def f(a: Variable, b: Variable) -> Variable:
        y = MatMul()(a, b)
        return y * y

    assert gradgradcheck(f, normal(2, 3), normal(3, 2))
    assert gradgradcheck(f, normal(2, 1, 2, 3), normal(2, 3, 1))


@pytest.mark.parametrize(
    ("a", "b", "message"),
    [
        ((2, 3), (4, 5), r"matmul: shapes \(2, 3\) and \(4, 5\) .* inner dimensions 3 and 4"),
        ((3,), (2,), r"matmul: shapes \(3,\) and \(2,\) .* inner dimensions 3 and 2"),
        ((2, 2, 3), (3, 3, 1), r"matmul: the batch axes of shapes \(2, 2, 3\) and \(3, 3, 1\)"),
        ((), (3,), r"matmul: .* at least one axis, got shapes \(\) and \(3,\)"),
    ],
)
def test_mismatched_shapes_name_matmul_and_both_shapes(
    a: tuple[int, ...], b: tuple[int, ...], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        MatMul()(Variable(np.ones(a)), Variable(np.ones(b)))
