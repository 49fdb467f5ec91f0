"""autograd-core-nn (work in progress)."""

from autograd_core import FunctionRegistry, hookimpl


@hookimpl
def register_functions(registry: FunctionRegistry) -> None:
    pass
