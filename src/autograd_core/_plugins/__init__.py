"""The function registry, entry-point plugin loading and the built-in plugin.

Private: `autograd_core` and `autograd_core.extend` re-export what plugin authors use.
"""
