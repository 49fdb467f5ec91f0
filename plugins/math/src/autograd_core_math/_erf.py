"""The error function and its complement, vectorised over float64 arrays (no scipy).

W. J. Cody's rational Chebyshev approximations ("Rational Chebyshev approximations for the
error function", Math. Comp. 23 (1969) 631-638), with the coefficients and the argument
reduction of his Fortran routine CALERF (netlib specfun):

- `|x| <= 0.46875`: `erf(x) = x P(x**2) / Q(x**2)`;
- `0.46875 < |x| <= 4`: `erfc(|x|) = exp(-x**2) P(|x|) / Q(|x|)`;
- `|x| > 4`: `erfc(|x|) = exp(-x**2) / |x| (1 / sqrt(pi) + R(1 / x**2) / (x**2 S(1 / x**2)))`,

where `exp(-x**2)` is `exp(-s**2) exp(-(|x| - s)(|x| + s))` for `s` = `|x|` rounded down to
a sixteenth (so `s**2` is exact and the rounding error of `x**2` never reaches the
exponent). Both agree with a correctly rounded erf and erfc to a few units in the last
place across the whole range, tails included, until erfc underflows (|x| > 27.2).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from autograd_core import Array

_A = (3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02)
_A3, _A4 = 3.20937758913846947e03, 1.85777706184603153e-1
_B = (2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03)
_B3 = 2.84423683343917062e03
_C = (
    5.64188496988670089e-1,
    8.88314979438837594e00,
    6.61191906371416295e01,
    2.98635138197400131e02,
    8.81952221241769090e02,
    1.71204761263407058e03,
    2.05107837782607147e03,
)
_C7, _C8 = 1.23033935479799725e03, 2.15311535474403846e-8
_D = (
    1.57449261107098347e01,
    1.17693950891312499e02,
    5.37181101862009858e02,
    1.62138957456669019e03,
    3.29079923573345963e03,
    4.36261909014324716e03,
    3.43936767414372164e03,
)
_D7 = 1.23033935480374942e03
_P = (
    3.05326634961232344e-1,
    3.60344899949804439e-1,
    1.25781726111229246e-1,
    1.60837851487422766e-2,
)
_P4, _P5 = 6.58749161529837803e-4, 1.63153871373020978e-2
_Q = (
    2.56852019228982242e00,
    1.87295284992346047e00,
    5.27905102951428412e-1,
    6.05183413124413191e-2,
)
_Q4 = 2.33520497626869185e-3
_ONE_OVER_SQRT_PI = 5.6418958354775628695e-1

_SMALL = 0.46875
"""Up to this |x|, erf is computed directly; above, erfc."""
_LARGE = 4.0
"""Above this |x|, erfc takes the asymptotic form."""
_UNDERFLOW = 27.5
"""From this |x| on, erfc(|x|) is below half the smallest subnormal: it rounds to 0, which
the formula also gives at exactly 27.5 (so larger |x|, infinities included, use 27.5)."""

_BLOCK = 65536
"""Elements per block: the work on one block stays in the cache (twice as fast as on a
million elements at once). Within a block each region's elements are gathered by integer
indices (`np.take`/`np.put`, several times faster than boolean masks on unsorted data) and
computed with in-place arithmetic (fewer temporaries)."""


def _rational(
    t: Array,
    top: float,
    nums: tuple[float, ...],
    dens: tuple[float, ...],
    num_last: float,
    den_last: float,
) -> tuple[Array, Array]:
    """Cody's numerator and denominator polynomials in `t`, by Horner's rule in place: the
    numerator's leading coefficient is `top`, the denominator's is 1."""
    num = t * top
    den = t.copy()
    for a, b in zip(nums, dens, strict=True):
        num += a
        num *= t
        den += b
        den *= t
    num += num_last
    den += den_last
    return num, den


def _erf_small(x: Array) -> Array:
    """erf(x) for |x| <= 0.46875."""
    num, den = _rational(x * x, _A4, _A, _B, _A3, _B3)
    num *= x
    num /= den
    return num


def _exp_minus_square(y: Array) -> Array:
    """exp(-y**2) for y >= 0, as exp(-s**2) exp(-(y - s)(y + s)), s = y rounded down to a
    sixteenth: s**2 is exact, so the rounding error of y**2 never reaches the exponent."""
    s = y * 16.0
    np.trunc(s, out=s)
    s *= 1.0 / 16.0
    d = y - s
    d *= y + s
    np.negative(d, out=d)
    np.exp(d, out=d)
    s *= s
    np.negative(s, out=s)
    np.exp(s, out=s)
    s *= d
    return s


def _erfc_middle(y: Array) -> Array:
    """erfc(y) for 0.46875 < y <= 4."""
    num, den = _rational(y, _C8, _C, _D, _C7, _D7)
    num /= den
    num *= _exp_minus_square(y)
    return num


def _erfc_large(y: Array) -> Array:
    """erfc(y) for y > 4 (27.5 for anything larger: 0)."""
    y = np.minimum(y, _UNDERFLOW)
    t = y * y
    np.reciprocal(t, out=t)
    num, den = _rational(t, _P5, _P, _Q, _P4, _Q4)
    num *= t
    num /= den
    np.subtract(_ONE_OVER_SQRT_PI, num, out=num)
    num /= y
    num *= _exp_minus_square(y)
    return num


def _regions(x: Array) -> tuple[Array, Array, Array]:
    """The indices of the elements with |x| <= 0.46875, <= 4 and > 4 (NaN in none)."""
    y = np.abs(x)
    small = y <= _SMALL
    large = y > _LARGE
    middle = ~(small | large)
    middle &= y == y  # not NaN
    return np.flatnonzero(small), np.flatnonzero(middle), np.flatnonzero(large)


def _blocks(x: Array) -> Iterator[Array]:
    """A float64 copy of x, flat, in blocks (views) that fit in the cache; then its whole."""
    out = np.array(x, dtype=np.float64)  # a copy: NaN stays where nothing is written
    flat = out.reshape(-1)
    for start in range(0, flat.size, _BLOCK):
        yield flat[start : start + _BLOCK]
    yield out


def _tails(x: Array, middle: Array, large: Array) -> tuple[Array, Array]:
    """erfc(|x|) at the middle and large indices."""
    return _erfc_middle(np.abs(np.take(x, middle))), _erfc_large(np.abs(np.take(x, large)))


def erfc(x: Array) -> Array:
    """The complementary error function `1 - erf(x)` of each element, as float64."""
    *blocks, out = _blocks(x)
    with np.errstate(under="ignore"):
        for b in blocks:
            small, middle, large = _regions(b)
            near = _erf_small(np.take(b, small))
            np.subtract(1.0, near, out=near)
            for index, tail in zip((middle, large), _tails(b, middle, large), strict=True):
                np.put(b, index, np.where(np.take(b, index) < 0, 2.0 - tail, tail))
            np.put(b, small, near)
    return out


def erf(x: Array) -> Array:
    """The error function of each element, as float64."""
    *blocks, out = _blocks(x)
    with np.errstate(under="ignore"):
        for b in blocks:
            small, middle, large = _regions(b)
            near = _erf_small(np.take(b, small))
            for index, tail in zip((middle, large), _tails(b, middle, large), strict=True):
                np.subtract(0.5, tail, out=tail)
                tail += 0.5  # 1 - tail as Cody: (0.5 - tail) + 0.5
                np.put(b, index, np.copysign(tail, np.take(b, index)))
            np.put(b, small, near)
    return out
