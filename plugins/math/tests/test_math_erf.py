"""The vectorised erf and erfc behind gelu (`autograd_core_math._erf`, Cody's rational
approximations) against the C library's, `math.erf` and `math.erfc`, element by element.

Tolerance: 8 units in the last place of the reference, plus 2 units of the smallest
subnormal for results in the subnormal range (where a float64 has fewer digits). Against
exact values (mpmath at 120 bits, checked when this was written) ours are within 6 ulp for
erfc and 3 for erf; `math.erfc` itself is up to 3 ulp off, hence 8 here.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import autograd_core.functions as F
from autograd_core import Array, Variable
from autograd_core_math._erf import erf, erfc

ULPS = 8
SUBNORMAL = 5e-324

RNG = np.random.default_rng(20)
BOUNDARIES = np.array([0.46875, 4.0, 27.5])
"""Where Cody's approximations change form, and where erfc has underflowed to 0."""
POINTS = np.concatenate(
    [
        RNG.uniform(-30, 30, 4000),  # the whole range, both tails
        RNG.uniform(-6, 6, 4000),  # where erf and erfc are neither 0 nor +-1
        RNG.uniform(-0.5, 0.5, 1000),
        RNG.uniform(26, 28, 500),  # erfc underflowing through the subnormals
        -RNG.uniform(26, 28, 100),
        # tiny |x|, down to the subnormals (erf(x) ~ 2x / sqrt(pi))
        10.0 ** RNG.uniform(-322, -1, 1000) * RNG.choice([-1.0, 1.0], 1000),
        (BOUNDARIES[:, None] + np.array([-1e-12, 0.0, 1e-12])).ravel(),
        -(BOUNDARIES[:, None] + np.array([-1e-12, 0.0, 1e-12])).ravel(),
        [0.0, -0.0, 5e-324, -5e-324, 1e-300, 1.0, -1.0, 30.0, -30.0, 1e300, -1e300],
    ]
)


def assert_close_in_ulps(got: Array, want: Array, x: Array) -> None:
    assert got.dtype == np.float64 and got.shape == want.shape
    err = np.abs(got - want)
    allowed = ULPS * np.spacing(np.abs(want)) + 2 * SUBNORMAL
    bad = np.flatnonzero(~(err <= allowed))
    if bad.size:
        i = bad[np.argmax(err[bad] / np.spacing(np.abs(want[bad])))]
        raise AssertionError(
            f"{bad.size} element(s) off by more than {ULPS} ulp; worst at x = {x[i]!r}: "
            f"got {got[i]!r}, want {want[i]!r}"
        )


@pytest.mark.parametrize(("ours", "reference"), [(erf, math.erf), (erfc, math.erfc)])
def test_agrees_with_the_c_library_within_a_few_ulp(ours: object, reference: object) -> None:
    assert callable(ours) and callable(reference)
    want = np.array([reference(v) for v in POINTS])
    assert_close_in_ulps(ours(POINTS), want, POINTS)


def test_signs_limits_and_nan() -> None:
    x = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 40.0, -40.0])
    e, c = erf(x), erfc(x)
    np.testing.assert_array_equal(e, [0.0, -0.0, 1.0, -1.0, np.nan, 1.0, -1.0])
    assert np.signbit(e[1]) and not np.signbit(e[0])
    np.testing.assert_array_equal(c, [1.0, 1.0, 0.0, 2.0, np.nan, 0.0, 2.0])


def test_shapes_dtypes_and_the_input_left_alone() -> None:
    x = RNG.uniform(-5, 5, (3, 70_000)).astype(np.float32)  # more than one block
    before = x.copy()
    for f, ref in ((erf, math.erf), (erfc, math.erfc)):
        y = f(x)
        assert y.shape == x.shape and y.dtype == np.float64
        k = (1, 65_535)
        assert abs(y[k] - ref(float(x[k]))) <= ULPS * np.spacing(abs(ref(float(x[k]))))
    np.testing.assert_array_equal(x, before)
    assert erfc(np.array(0.25)).shape == ()
    assert erf(np.zeros((0, 3))).shape == (0, 3)


def test_gelu_forward_is_x_times_the_normal_cdf_from_math_erfc() -> None:
    x = np.concatenate([POINTS[np.abs(POINTS) < 38], [-38.0, -37.0]])  # Phi(-38) > 0
    y = F.gelu(Variable(x)).data
    # The argument rounded as gelu rounds it: erfc amplifies an argument's relative error
    # by 2 x**2 / 2 (about 1e-13 at x = -30), which the comparison must not measure.
    want = np.array([v * 0.5 * math.erfc(-v * math.sqrt(0.5)) for v in x])
    assert_close_in_ulps(y, want, x)


def test_gelu_keeps_float32_float32() -> None:
    x = RNG.uniform(-6, 6, 1000).astype(np.float32)
    y = F.gelu(Variable(x)).data
    assert y.dtype == np.float32
    want = np.array([float(v) * 0.5 * math.erfc(-float(v) * math.sqrt(0.5)) for v in x])
    np.testing.assert_allclose(y, want, rtol=2e-7, atol=1e-30)
