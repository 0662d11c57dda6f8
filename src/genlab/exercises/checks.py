"""The small API that an exercise's ``checks.py`` is written with.

A checks file is a list of functions decorated with :func:`check`. Each receives a
:class:`Checker` ``t`` and uses it to call the learner's code and compare what came back::

    from genlab.exercises.checks import check

    @check("doubles every element")
    def doubles(t):
        x = np.array([1.0, -2.0])
        got = t.call("double", x)        # remembers the input, for the report
        t.expect_close(got, 2 * x)       # on a mismatch: expected / got / on which input

A failed expectation raises :class:`CheckFailed`; the child process turns it into a report line.
This module imports neither numpy nor torch: it looks a value's type up by module name and
uses whichever library the value came from.
"""

from __future__ import annotations

import inspect
import math
import sys
from typing import Any, Callable

__all__ = ["check", "Checker", "CheckFailed", "describe"]


class CheckFailed(Exception):
    """A check saw the wrong behaviour. Every field is plain text for the learner."""

    def __init__(self, *, expected: str | None = None, got: str | None = None,
                 why: str | None = None, input: str | None = None):
        super().__init__(why or f"expected {expected}, got {got}")
        self.expected = expected
        self.got = got
        self.why = why
        self.input = input


def check(title: str) -> Callable:
    """Mark a function of a checks file as one check; ``title`` says what it checks."""

    def mark(fn: Callable) -> Callable:
        fn._genlab_check = title
        return fn

    return mark


def collect(module) -> list[Callable]:
    """The checks of a loaded checks module, in the order they are written in the file."""
    found = [v for v in vars(module).values() if callable(v) and hasattr(v, "_genlab_check")]
    return sorted(found, key=lambda f: f.__code__.co_firstlineno)


# ----------------------------------------------------------------------------- describing


def _is_tensor(x: Any) -> bool:
    return type(x).__module__.startswith("torch") and hasattr(x, "detach")


def _is_ndarray(x: Any) -> bool:
    np = sys.modules.get("numpy")
    return np is not None and isinstance(x, np.ndarray)


def _is_frame(x: Any) -> bool:
    return type(x).__module__.startswith("pandas") and hasattr(x, "to_string")


def _array_text(arr) -> str:
    import numpy as np

    with np.printoptions(precision=4, suppress=True, threshold=30, edgeitems=3, linewidth=90):
        text = np.array2string(arr, separator=", ")
    return "\n".join(line for line in text.splitlines() if line.strip())


def describe(x: Any, limit: int = 400) -> str:
    """A short, readable text for a value: small arrays in full, big ones by shape."""
    if x is None:
        return "None"
    if _is_tensor(x):
        t = x.detach().cpu()
        if t.dtype.is_floating_point:
            t = t.double()
        dtype = str(x.dtype).replace("torch.", "")
        head = f"tensor of shape {tuple(t.shape)}, dtype {dtype}"
        if t.numel() <= 24:
            text = _array_text(t.numpy())
            return f"tensor({text})" if t.dim() <= 1 else f"{head}:\n{text}"
        return f"{head}, first values {_array_text(t.flatten()[:6].numpy())}"
    if _is_ndarray(x):
        head = f"array of shape {x.shape}, dtype {x.dtype}"
        if x.size <= 24:
            text = _array_text(x)
            return text if x.ndim <= 1 else f"{head}:\n{text}"
        return f"{head}, first values {_array_text(x.ravel()[:6])}"
    if _is_frame(x):
        text = x.to_string(max_rows=12, max_cols=8)
        return text if len(text) <= 1200 else text[:1200] + " ..."
    if isinstance(x, bool):
        return repr(x)
    if isinstance(x, float):
        return f"{x:.6g}"
    if type(x).__module__ == "numpy" and hasattr(x, "item"):
        return describe(x.item(), limit)
    if isinstance(x, (tuple, list)) and x and len(x) <= 8:
        inner = ", ".join(describe(v, limit // 2).replace("\n", " ") for v in x)
        text = f"({inner})" if isinstance(x, tuple) else f"[{inner}]"
    elif isinstance(x, dict) and len(x) <= 12:
        text = "{" + ", ".join(f"{k!r}: {describe(v, limit // 2)}" for k, v in x.items()) + "}"
    elif callable(x) and hasattr(x, "__name__"):
        return f"the function {x.__name__}"
    else:
        text = repr(x)
    return text if len(text) <= limit else text[:limit] + " ..."


def type_name(x: Any) -> str:
    if x is None:
        return "None"
    if _is_tensor(x):
        return "a torch tensor"
    if _is_ndarray(x):
        return "a numpy array"
    return f"a {type(x).__name__}"


# ----------------------------------------------------------------------------- the checker


class Checker:
    """What a check works with: the learner's module, and ways to call and compare."""

    def __init__(self, module, learner_path: str | None = None):
        self.module = module
        self.learner_path = learner_path
        self.input: str | None = None
        self._given: str | None = None

    # -- reaching the learner's code

    def get(self, name: str):
        """The learner's top-level function or class ``name``; a clear failure if missing."""
        obj = getattr(self.module, name, None)
        if obj is None:
            raise CheckFailed(expected=f"a function or class named `{name}` in your file",
                              got="nothing by that name",
                              why="keep the names from the exercise file; the checks call them")
        return obj

    def given(self, text: str) -> "Checker":
        """Describe the next input in words (instead of the automatic description)."""
        self._given = text
        self.input = text
        return self

    def call(self, name: str, *args, **kwargs):
        """Call the learner's ``name(*args, **kwargs)``, remembering the input for the report."""
        fn = self.get(name)
        if self._given is not None:
            self.input = self._given
            self._given = None
        else:
            self.input = self._auto_input(name, fn, args, kwargs)
        return fn(*args, **kwargs)

    @staticmethod
    def _auto_input(name, fn, args, kwargs) -> str:
        try:
            bound = inspect.signature(fn).bind_partial(*args, **kwargs)
            parts = [f"{k}={describe(v, 200)}" for k, v in bound.arguments.items()]
        except (TypeError, ValueError):
            parts = [describe(a, 200) for a in args] + [f"{k}={describe(v, 200)}"
                                                         for k, v in kwargs.items()]
        text = f"{name}({', '.join(parts)})"
        return text

    # -- expectations

    def fail(self, *, expected: str | None = None, got: str | None = None,
             why: str | None = None):
        raise CheckFailed(expected=expected, got=got, why=why, input=self.input)

    def expect(self, ok: bool, *, expected: str, got: str, why: str | None = None) -> None:
        if not ok:
            self.fail(expected=expected, got=got, why=why)

    def expect_returned(self, got: Any, what: str = "the result") -> None:
        if got is None:
            self.fail(expected=what, got="None",
                      why="your function returned nothing: did you forget `return`?")

    def unpack(self, got: Any, names: tuple[str, ...] | list[str]):
        """Check ``got`` is a tuple/list with one value per name, and return it."""
        self.expect_returned(got, f"a tuple ({', '.join(names)})")
        if not isinstance(got, (tuple, list)) or len(got) != len(names):
            n = len(got) if isinstance(got, (tuple, list)) else None
            self.fail(expected=f"a tuple of {len(names)} values ({', '.join(names)})",
                      got=f"{type_name(got)}" + (f" of {n} values" if n is not None else ""))
        return tuple(got)

    def expect_tensor(self, got: Any, what: str = "the result") -> None:
        self.expect_returned(got, what)
        if not _is_tensor(got):
            self.fail(expected=f"{what} as a torch tensor", got=type_name(got),
                      why="work with torch operations so gradients can flow through your code")

    def expect_equal(self, got: Any, want: Any, what: str = "the result",
                     why: str | None = None) -> None:
        self.expect_returned(got, what)
        if _is_tensor(want) or _is_ndarray(want):
            self.expect_close(got, want, what=what, atol=0, rtol=0, why=why)
            return
        if got != want:
            self.fail(expected=f"{what} = {describe(want)}", got=describe(got), why=why)

    def expect_close(self, got: Any, want: Any, what: str = "the result", *,
                     atol: float = 1e-6, rtol: float = 1e-5, why: str | None = None) -> None:
        """Compare numbers, arrays or tensors: type, then shape, then NaNs, then values."""
        self.expect_returned(got, what)
        if _is_tensor(want):
            self.expect_tensor(got, what)
        if isinstance(want, (int, float)) and not isinstance(want, bool):
            value = self._scalar(got, what)
            if math.isnan(want) and math.isnan(value):
                return
            if not (abs(value - want) <= atol + rtol * abs(want)) and not value == want:
                self.fail(expected=f"{what} = {describe(float(want))}",
                          got=describe(value), why=why)
            return
        import numpy as np

        w = self._array(want)
        g = self._array(got, what)
        if g.shape != w.shape:
            self.fail(expected=f"{what} with shape {tuple(w.shape)}",
                      got=f"{type_name(got)} with shape {tuple(g.shape)}",
                      why=why or ("check which axis you reduce over and which dimensions "
                                  "you keep" if g.ndim != w.ndim else None))
        if g.size == 0:
            return
        if w.dtype.kind == "f" or g.dtype.kind == "f":
            gf = g.astype(np.float64)
            wf = w.astype(np.float64)
            bad_nan = np.isnan(gf) & ~np.isnan(wf)
            if bad_nan.any():
                idx = tuple(int(i) for i in np.argwhere(bad_nan)[0])
                self.fail(expected=f"{what} with no NaN", got=f"NaN at position {idx}:\n"
                          f"{describe(got)}",
                          why=why or "a NaN usually comes from 0/0, log(0) or an overflow")
            close = np.isclose(gf, wf, atol=atol, rtol=rtol, equal_nan=True)
        else:
            close = g == w
        if not close.all():
            where = tuple(int(i) for i in np.argwhere(~close)[0])
            if w.size <= 24:
                expected, gotten = describe(want), describe(got)
            else:
                expected = f"{describe(want)}\n  at position {where}: {describe(w[where])}"
                gotten = f"{describe(got)}\n  at position {where}: {describe(g[where])}"
            note = None
            if close.size > 4:
                note = f"{int((~close).sum())} of {close.size} values differ"
                if w.dtype.kind == "f":
                    with np.errstate(all="ignore"):
                        diff = np.abs(g.astype(np.float64) - w.astype(np.float64))[~close]
                    diff = diff[np.isfinite(diff)]
                    if diff.size:
                        note += f" (largest difference {float(diff.max()):.3g})"
            self.fail(expected=f"{what} = {expected}", got=gotten,
                      why="; ".join(x for x in (why, note) if x) or None)

    def expect_raises(self, exc_type: type[BaseException], name: str, *args, **kwargs) -> None:
        """The learner's ``name(*args)`` must raise ``exc_type`` (a clear error, not a value)."""
        try:
            got = self.call(name, *args, **kwargs)
        except exc_type:
            return
        self.fail(expected=f"{exc_type.__name__} to be raised", got=f"it returned {describe(got)}")

    # -- helpers

    def _scalar(self, got: Any, what: str) -> float:
        if _is_tensor(got):
            if got.numel() != 1:
                self.fail(expected=f"{what} as a single number",
                          got=f"a tensor of shape {tuple(got.shape)}")
            return float(got.detach().reshape(-1)[0])
        if _is_ndarray(got):
            if got.size != 1:
                self.fail(expected=f"{what} as a single number",
                          got=f"an array of shape {got.shape}")
            return float(got.reshape(-1)[0])
        try:
            return float(got)
        except (TypeError, ValueError):
            self.fail(expected=f"{what} as a number", got=f"{type_name(got)}: {describe(got)}")
        raise AssertionError  # unreachable

    def _array(self, x: Any, what: str | None = None):
        import numpy as np

        if _is_tensor(x):
            return x.detach().cpu().numpy()
        try:
            arr = np.asarray(x)
        except Exception:  # noqa: BLE001 - anything that is not array-like
            self.fail(expected=f"{what or 'the result'} as an array", got=type_name(x))
        if arr.dtype == object:
            self.fail(expected=f"{what or 'the result'} as an array of numbers",
                      got=f"{type_name(x)}: {describe(x)}")
        return arr
