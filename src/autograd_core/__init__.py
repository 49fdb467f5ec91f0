"""autograd-core: a strictly typed, plugin-extensible automatic differentiation engine."""

from autograd_core import functional as functional
from autograd_core._checking import gradcheck as gradcheck
from autograd_core._checking import gradgradcheck as gradgradcheck
from autograd_core._checking import numerical_diff as numerical_diff
from autograd_core._core.config import enable_grad as enable_grad
from autograd_core._core.config import is_grad_enabled as is_grad_enabled
from autograd_core._core.config import no_grad as no_grad
from autograd_core._core.engine import grad as grad
from autograd_core._core.errors import AutogradError as AutogradError
from autograd_core._core.errors import BackwardError as BackwardError
from autograd_core._core.errors import DuplicateFunctionError as DuplicateFunctionError
from autograd_core._core.errors import GradcheckError as GradcheckError
from autograd_core._core.errors import PluginError as PluginError
from autograd_core._core.errors import PluginHookError as PluginHookError
from autograd_core._core.errors import PluginImportError as PluginImportError
from autograd_core._core.errors import PluginWarning as PluginWarning
from autograd_core._core.errors import UnknownFunctionError as UnknownFunctionError
from autograd_core._core.function import Function as Function
from autograd_core._core.variable import Input as Input
from autograd_core._core.variable import Variable as Variable
from autograd_core._plugins.loading import register_plugin as register_plugin
from autograd_core._plugins.loading import unregister_plugin as unregister_plugin
from autograd_core._plugins.registry import FunctionInfo as FunctionInfo
from autograd_core._plugins.registry import FunctionRegistry as FunctionRegistry
from autograd_core._plugins.registry import PluginInfo as PluginInfo
from autograd_core._plugins.registry import Sample as Sample
from autograd_core._plugins.registry import SampleFactory as SampleFactory
from autograd_core._typing import Array as Array
from autograd_core._typing import Scalar as Scalar
from autograd_core._typing import Shape as Shape
from autograd_core.dot import to_dot as to_dot
from autograd_core.hookspecs import AutogradPlugin as AutogradPlugin
from autograd_core.hookspecs import hookimpl as hookimpl

__version__ = "0.1.0"

__all__ = [
    "Array",
    "AutogradError",
    "AutogradPlugin",
    "BackwardError",
    "DuplicateFunctionError",
    "Function",
    "FunctionInfo",
    "FunctionRegistry",
    "GradcheckError",
    "Input",
    "PluginError",
    "PluginHookError",
    "PluginImportError",
    "PluginInfo",
    "PluginWarning",
    "Sample",
    "SampleFactory",
    "Scalar",
    "Shape",
    "UnknownFunctionError",
    "Variable",
    "enable_grad",
    "functional",
    "grad",
    "gradcheck",
    "gradgradcheck",
    "hookimpl",
    "is_grad_enabled",
    "no_grad",
    "numerical_diff",
    "register_plugin",
    "to_dot",
    "unregister_plugin",
]
