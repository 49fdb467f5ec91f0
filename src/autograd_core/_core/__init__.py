"""The core: Variable, Function, the arithmetic, the backward engine, grad mode, errors.

Private: `autograd_core` re-exports what users and plugin authors use.
"""
