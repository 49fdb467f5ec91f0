"""Every registered function as an attribute: `F.tanh(x)`, `F.sum(x, 0)`, `F.sum(x, axis=0)`.

`F.name(*inputs, *params)` is `Class(params)(*inputs)`: the inputs first, then the
parameters positionally or by keyword (see `autograd_core._typed`). Plugins are loaded on
first use; each name is looked up once and then kept as a module attribute, until the
plugin that provides it is removed.

For type checkers this module is the standard functions' typed stubs: the core's arithmetic
and everything each standard plugin's `functions` module exports, so a misspelled name or
an ill-typed call is a mypy error. A third-party plugin's functions are reached here at run
time; their static types come from the plugin's own package (`from autograd_core_cube
import cube`).
"""

from typing import TYPE_CHECKING

from autograd_core._plugins.loading import registry as registry

if TYPE_CHECKING:
    from autograd_core._plugins.builtin_functions import *  # noqa: F403  (the stubs are the API)
    from autograd_core_conv.functions import *  # noqa: F403
    from autograd_core_math.functions import *  # noqa: F403
    from autograd_core_nn.functions import *  # noqa: F403
    from autograd_core_tensor.functions import *  # noqa: F403
else:
    _cached: set[str] = set()

    def __getattr__(name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        call = registry.caller(name)
        globals()[name] = call  # the next `F.name` is a plain module attribute
        _cached.add(name)
        return call

    def _forget(name: str) -> None:
        if name in _cached:
            _cached.discard(name)
            globals().pop(name, None)

    registry._callers.forget.append(_forget)

    def __dir__():
        return ["registry", *registry]
