"""Errors raised by autograd-core.

The hierarchy::

    AutogradError
    ├── BackwardError          a Function's backward returned the wrong count, type or shape
    ├── ConformanceError       a function failed a conformance check (also an AssertionError;
    │                          defined beside its report, in `autograd_core.testing`)
    ├── GradcheckError         an analytical gradient disagrees with central differences
    └── PluginError            something went wrong while loading or registering plugins
        ├── PluginImportError      an entry point could not be imported
        ├── PluginHookError        a hook implementation does not match its spec, or raised
        └── DuplicateFunctionError two plugins registered the same function name

A broken installed plugin does not raise: it is reported by a `PluginWarning` (a
`UserWarning`) and takes down only its own functions.

Bad user input (a float where a Variable or ndarray belongs, a string dtype) raises the
built-in `TypeError` or `ValueError`, as numpy and PyTorch do; an unknown attribute of
`autograd_core.functions` raises `UnknownFunctionError`, which is also an `AttributeError`.
"""

from __future__ import annotations


class AutogradError(Exception):
    """Base class of every error autograd-core raises on its own account."""


class BackwardError(AutogradError):
    """A Function's backward handed back something the engine cannot use."""


class GradcheckError(AutogradError):
    """An analytical derivative disagrees with the numerical one.

    `input_index` and `element` locate the disagreement; `analytical` and `numerical`
    are the two values.
    """

    def __init__(
        self,
        message: str,
        *,
        input_index: int,
        element: tuple[int, ...],
        analytical: float,
        numerical: float,
    ) -> None:
        super().__init__(message)
        self.input_index = input_index
        self.element = element
        self.analytical = analytical
        self.numerical = numerical


class PluginError(AutogradError):
    """Loading or registering a plugin failed; the message names the plugin."""


class PluginImportError(PluginError):
    """An entry point in the `autograd_core` group failed to import."""


class PluginHookError(PluginError):
    """A hook implementation does not match hookspecs.py, or raised while registering."""


class DuplicateFunctionError(PluginError):
    """Two plugins registered functions under the same name."""


class UnknownFunctionError(AutogradError, AttributeError):
    """`autograd_core.functions` has no function of that name."""


class PluginWarning(UserWarning):
    """An installed plugin is broken: reported once, while the other plugins keep working.

    The message names the plugin, its distribution and version, the cause and the remedy
    (`AUTOGRAD_CORE_DISABLE_PLUGINS=name`). Under `-W error::autograd_core.PluginWarning`
    it is raised instead, chained to the cause.
    """
