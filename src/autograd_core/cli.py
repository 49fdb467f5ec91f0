"""The `autograd-core` command (also `python -m autograd_core`).

    autograd-core                      the usage
    autograd-core --version            the versions of the core and of every loaded plugin
    autograd-core functions [NAME ...] [--json]
                                       every registered function and where it comes from;
                                       with names, each one's signature and docstring
    autograd-core plugins [--json]     the loaded plugins and how many functions each has
    autograd-core check [NAME ...] [--json] [--seed N]
                                       the conformance checks (autograd_core.testing)
    autograd-core demo [--dot FILE] [--plot FILE]
                                       the seed examples and a spiral classifier trained

Exit status: 0 on success, 1 when a check fails, a plugin is broken, the demo's classifier
misses its accuracy threshold or the plugins cannot be loaded, 2 for bad arguments or a
plugin environment that lacks a needed function. Errors are one line on stderr, never a
traceback.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import os
import shutil
import subprocess
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn, TextIO

from autograd_core._core.errors import (
    AutogradError,
    DuplicateFunctionError,
    PluginError,
    PluginWarning,
    UnknownFunctionError,
)
from autograd_core._plugins.loading import DISABLE_ENV, environment, registry

PROG = "autograd-core"
DOT_FORMATS = (".dot", ".png", ".svg", ".pdf")


class UsageError(Exception):
    """Bad arguments: reported in one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Left-aligned columns under a header and a rule of dashes."""
    widths = [max(len(c) for c in column) for column in zip(headers, *rows, strict=True)]
    lines = [headers, ["-" * w for w in widths], *rows]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() for line in lines
    )


def _functions(args: argparse.Namespace) -> int:
    names: list[str] = args.names or list(registry)
    try:
        infos = [registry.info(name) for name in names]
    except UnknownFunctionError as exc:
        raise UsageError(str(exc)) from None
    if args.json:
        data = [
            {
                "name": i.name,
                "plugin": i.plugin.name,
                "distribution": i.distribution,
                "version": i.version,
                "class": f"{i.cls.__module__}.{i.cls.__qualname__}",
                "signature": f"{i.name}{inspect.signature(registry.caller(i.name))}",
                "doc": inspect.getdoc(registry.caller(i.name)),
            }
            for i in infos
        ]
        print(json.dumps(data, indent=2))
        return 0
    if args.names:
        print("\n\n".join(_describe(i.name) for i in infos))
        return 0
    rows = [[i.name, i.plugin.name, i.distribution or "-", i.version or "-"] for i in infos]
    print(_table(["function", "plugin", "distribution", "version"], rows))
    return 0


def _describe(name: str) -> str:
    """`name`'s signature, where it comes from, and its docstring, as `help` would show."""
    info, call = registry.info(name), registry.caller(name)
    doc = inspect.getdoc(call) or "(no docstring)"
    return "\n".join(
        [
            f"{name}{inspect.signature(call)}",
            f"    {info.plugin}, class {info.cls.__module__}.{info.cls.__qualname__}",
            "",
            *("    " + line if line else "" for line in doc.splitlines()),
        ]
    )


def _versions() -> int:
    from autograd_core import __version__

    print(f"{PROG} {__version__}")
    rows = [[p.name, p.distribution or "-", p.version or "-"] for p in registry.plugins]
    print("\n" + _table(["plugin", "distribution", "version"], rows))
    return 0


def _plugins(args: argparse.Namespace) -> int:
    plugins = [(p, len(registry.functions_of(p.name))) for p in registry.plugins]
    broken = {b.plugin.name: b for b in registry.broken}
    if args.json:
        data = [
            {
                "name": p.name,
                "distribution": p.distribution,
                "version": p.version,
                "functions": n,
                "broken": broken[p.name].cause if p.name in broken else None,
            }
            for p, n in plugins
        ]
        data += [
            {
                "name": b.plugin.name,
                "distribution": b.plugin.distribution,
                "version": b.plugin.version,
                "functions": 0,
                "broken": b.cause,
            }
            for b in broken.values()
            if b.plugin.name not in {p.name for p, _ in plugins}
        ]
        print(json.dumps(data, indent=2))
        return 0
    rows = [[p.name, p.distribution or "-", p.version or "-", str(n)] for p, n in plugins]
    print(_table(["plugin", "distribution", "version", "functions"], rows))
    if broken:
        print(f"\nbroken plugins ({len(broken)}), reported by PluginWarning:")
        for b in broken.values():
            print(f"  {b.plugin}: {b.cause}")
        names = ",".join(broken)
        print(f"set {DISABLE_ENV}=<name> to skip one (all of them: {DISABLE_ENV}={names})")
    return 0


def _check(args: argparse.Namespace) -> int:
    from autograd_core.testing import CHECKS, run_checks

    names: list[str] = args.names or list(registry)
    for name in names:
        try:
            registry.info(name)
        except (UnknownFunctionError, DuplicateFunctionError) as exc:
            raise UsageError(str(exc)) from None
    tty = sys.stderr.isatty()
    reports = []
    for k, name in enumerate(names, 1):
        progress = f"[{k}/{len(names)}] checking {name}"
        print(f"\r\033[K{progress}" if tty else progress, end="" if tty else "\n", file=sys.stderr)
        sys.stderr.flush()
        reports.append(run_checks(name, seed=args.seed))
    if tty:
        print("\r\033[K", end="", file=sys.stderr)
    broken = registry.broken
    failures = [(r.function, c) for r in reports for c in r.failures]
    if args.json:
        data = {
            "passed": not failures and not broken,
            "checks": list(CHECKS),
            "functions": [r.as_dict() for r in reports],
            "broken_plugins": [
                {
                    "name": b.plugin.name,
                    "distribution": b.plugin.distribution,
                    "version": b.plugin.version,
                    "cause": b.cause,
                }
                for b in broken
            ],
        }
        print(json.dumps(data, indent=2))
        return 1 if failures or broken else 0
    rows = [[r.function, str(r.samples), *(c.cell() for c in r.results)] for r in reports]
    print(_table(["function", "samples", *CHECKS], rows))
    print(f"\n{len(reports)} function(s), {len(CHECKS)} checks each (worst error in each cell)")
    expected = [(r.function, c) for r in reports for c in r.results if c.status == "xfail"]
    for function, c in expected:
        print(f"expected failure {function}: {c.check}: {c.expected}")
    if not failures and not broken:
        print("all checks passed")
        return 0
    for function, c in failures:
        print(f"FAILED {function}: {c.check}: {c.message}", file=sys.stderr)
    for b in broken:
        print(
            f"BROKEN {b.plugin}: {b.cause} (set {DISABLE_ENV}={b.plugin.name} to skip it)",
            file=sys.stderr,
        )
    summary = [f"{len(failures)} check(s) failed"] if failures else []
    summary += [f"{len(broken)} plugin(s) broken"] if broken else []
    print(", ".join(summary), file=sys.stderr)
    return 1


def _seed(value: str) -> int:
    """`--seed`: a non-negative integer (numpy's generators take no negative seed)."""
    try:
        seed = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid int value: {value!r}") from None
    if seed < 0:
        raise argparse.ArgumentTypeError(f"must be a non-negative integer, got {seed}")
    return seed


def _dot_target(value: str | None) -> Path | None:
    """Validate `--dot FILE` before the demo runs, so a bad path fails at once."""
    if value is None:
        return None
    path = Path(value)
    if path.suffix.lower() not in DOT_FORMATS:
        raise UsageError(f"--dot FILE must end in {', '.join(DOT_FORMATS)}; got {value!r}")
    if not path.parent.is_dir():
        raise UsageError(f"--dot {value}: the directory {str(path.parent)!r} does not exist")
    if path.suffix.lower() != ".dot" and shutil.which("dot") is None:
        raise UsageError(
            f"--dot {value}: Graphviz is not installed (no 'dot' on PATH) to render "
            f"{path.suffix}; install it, or write DOT text: --dot {path.with_suffix('.dot')}"
        )
    return path


def _write_dot(text: str, path: Path) -> None:
    if path.suffix.lower() == ".dot":
        path.write_text(text)
        return
    done = subprocess.run(
        ["dot", f"-T{path.suffix.lower()[1:]}", "-o", str(path)],
        input=text,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        detail = " ".join(done.stderr.split()) or f"exit status {done.returncode}"
        raise RuntimeError(f"Graphviz's dot could not render {str(path)!r}: {detail}")


PLOT_FORMATS = (".png", ".svg", ".pdf")


def _plot_target(value: str | None) -> Path | None:
    """Validate `--plot FILE` (and that matplotlib is there) before the demo trains."""
    if value is None:
        return None
    path = Path(value)
    if path.suffix.lower() not in PLOT_FORMATS:
        raise UsageError(f"--plot FILE must end in {', '.join(PLOT_FORMATS)}; got {value!r}")
    if not path.parent.is_dir():
        raise UsageError(f"--plot {value}: the directory {str(path.parent)!r} does not exist")
    try:
        importlib.import_module("matplotlib")
    except ImportError:
        raise UsageError(
            f"--plot {value}: matplotlib is not installed; install the extra: "
            "pip install 'autograd-core[plot]' (make demo does)"
        ) from None
    return path


def _demo(args: argparse.Namespace) -> int:
    from autograd_core.demo import plot, seed_examples, train
    from autograd_core.dot import to_dot

    target = _dot_target(args.dot)
    plot_target = _plot_target(args.plot)
    seed_examples(sys.stdout)
    result = train(sys.stdout)
    if target is not None:
        try:
            _write_dot(to_dot(result.last_step_loss, verbose=True), target)
        except (OSError, RuntimeError) as exc:
            print(f"{PROG}: error: {exc}", file=sys.stderr)
            return 1
        print(f"\nWrote the graph of one training step to {target}")
    if plot_target is not None:
        try:
            plot(result, plot_target)
        except OSError as exc:
            print(f"{PROG}: error: could not write the plot: {exc}", file=sys.stderr)
            return 1
        print(f"\nWrote the loss curve and the decision regions to {plot_target}")
    summary = (
        f"test accuracy {result.test_accuracy:.3f} (train {result.train_accuracy:.3f}) after "
        f"{result.epochs} epochs in {result.seconds:.1f} s"
    )
    if not result.passed:
        print(
            f"{PROG}: error: the demo did not converge: {summary}, below the threshold "
            f"{result.threshold}",
            file=sys.stderr,
        )
        return 1
    print(f"\nPassed: {summary}, threshold {result.threshold}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="A typed, plugin-extensible automatic differentiation engine over numpy.",
    )
    parser.add_argument(
        "--version", action="store_true", help="the versions of the core and its plugins"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    p = commands.add_parser("functions", help="list the functions, or show the named ones")
    p.add_argument(
        "names", nargs="*", metavar="NAME", help="show these functions' signatures and docstrings"
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(run=_functions)
    p = commands.add_parser("plugins", help="list the loaded plugins")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(run=_plugins)
    p = commands.add_parser("check", help="run the conformance checks on registered functions")
    p.add_argument("names", nargs="*", metavar="NAME", help="functions to check (default: all)")
    p.add_argument("--seed", type=_seed, default=0, help="seed of the random inputs (default: 0)")
    p.add_argument("--json", action="store_true", help="print the reports as JSON")
    p.set_defaults(run=_check)
    p = commands.add_parser(
        "demo", help="differentiate the seed examples and train a spiral classifier"
    )
    p.add_argument(
        "--dot",
        metavar="FILE",
        help="also write the graph of one training step: DOT text (.dot), or rendered by "
        "Graphviz (.png, .svg, .pdf)",
    )
    p.add_argument(
        "--plot",
        metavar="FILE",
        help="also write the loss curve and the decision regions (.png, .svg, .pdf; needs "
        "matplotlib, the extra autograd-core[plot])",
    )
    p.set_defaults(run=_demo)
    return parser


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
) -> None:
    """Warnings as one line each, `autograd-core: warning: ...`, without source lines."""
    text = " ".join(str(message).split())
    print(f"{PROG}: warning: {text}", file=file or sys.stderr)


def _environment() -> str:
    """The plugin environment variables that are set, for an error message."""
    set_ = environment()
    return f" (with {', '.join(set_)})" if set_ else ""


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    show = warnings.showwarning
    warnings.showwarning = _show_warning
    try:
        parser = build_parser()
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # --help
            return exc.code if isinstance(exc.code, int) else 0
        if args.version:
            return _versions()
        if args.command is None:  # no arguments: the usage, as `--help` prints it
            parser.print_help()
            return 0
        registry.ensure_loaded()
        status: int = args.run(args)
        return status
    except UsageError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    except UnknownFunctionError as exc:  # e.g. the demo with a plugin it needs not loaded
        message = " ".join(str(exc).split())
        print(
            f"{PROG}: error: {message}{_environment()}; install or enable the plugin that "
            "provides it",
            file=sys.stderr,
        )
        return 2
    except PluginError as exc:
        message = " ".join(str(exc).split())
        print(f"{PROG}: error: a plugin failed to load: {message}", file=sys.stderr)
        return 1
    except PluginWarning as exc:  # -W error::autograd_core.PluginWarning
        message = " ".join(str(exc).split())
        print(f"{PROG}: error: {message}", file=sys.stderr)
        return 1
    except AutogradError as exc:
        message = " ".join(f"{type(exc).__name__}: {exc}".split())
        print(f"{PROG}: error: {message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `autograd-core functions | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    finally:
        warnings.showwarning = show
