"""The child process that runs an exercise's checks against one or more learner files.

Started by :mod:`genlab.exercises.runner` as ``python -c ... <spec.json>``. It sets its own
resource limits first (address space, CPU seconds, file size, no core dumps), then for each job
loads the checks file and the learner's file by path and runs every check, each under a wall
clock alarm. It writes one JSON object per line to the result file named in the spec, flushing
after each, so the parent knows how far it got even if the learner's code kills this process.
What the learner's code prints goes to stdout/stderr, which the parent points at a file.
"""

from __future__ import annotations

import errno
import importlib.util
import json
import os
import random
import signal
import sys
import time
import traceback

try:
    import resource
except ImportError:  # pragma: no cover - Windows: only the parent's wall clock limits
    resource = None


class CheckTimeout(BaseException):
    """Raised by the alarm inside whatever code runs; a BaseException so ``except
    Exception`` in the learner's code does not swallow it."""


def _on_alarm(signum, frame):
    raise CheckTimeout()


def _set_limit(name: str, soft: int, hard: int | None = None) -> None:
    which = getattr(resource, name, None)
    if which is None:
        return
    try:
        cur_soft, cur_hard = resource.getrlimit(which)
        hard = soft if hard is None else hard
        if cur_hard != resource.RLIM_INFINITY:
            hard = min(hard, cur_hard)
            soft = min(soft, hard)
        resource.setrlimit(which, (soft, hard))
    except (ValueError, OSError):  # e.g. macOS refuses some address-space limits
        pass


def set_limits(limits: dict) -> None:
    if resource is None:
        return
    _set_limit("RLIMIT_AS", int(limits["memory_mb"]) * 1024 * 1024)
    cpu = int(limits["cpu_s"])
    _set_limit("RLIMIT_CPU", cpu, cpu + 5)
    if hasattr(signal, "SIGXFSZ"):
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a too-big write fails, not kills
    _set_limit("RLIMIT_FSIZE", int(limits["output_mb"]) * 1024 * 1024)
    _set_limit("RLIMIT_CORE", 0)


def _load_module(path: str, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _output_pos() -> int:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # noqa: BLE001 - the learner may have replaced or closed them
            pass
    try:
        return os.lseek(1, 0, os.SEEK_CUR)
    except OSError:
        return -1


def _reseed() -> None:
    random.seed(0)
    np = sys.modules.get("numpy")
    if np is not None:
        np.random.seed(0)
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.manual_seed(0)


def _library_of(filename: str) -> str | None:
    parts = filename.replace("\\", "/").split("/")
    for marker in ("site-packages", "dist-packages"):
        if marker in parts:
            i = parts.index(marker)
            if i + 1 < len(parts):
                return parts[i + 1].removesuffix(".py")
    return None


def learner_traceback(exc: BaseException, learner: str) -> tuple[list[str], str | None]:
    """The learner's own frames of ``exc``'s traceback, and the library it ended in, if any."""
    frames = traceback.extract_tb(exc.__traceback__)
    base = os.path.basename(learner)
    lines = []
    for f in frames:
        if os.path.abspath(f.filename) == learner:
            code = (f.line or "").strip()
            lines.append(f"{base}, line {f.lineno}, in {f.name}: {code}")
    inside = None
    if frames and lines and os.path.abspath(frames[-1].filename) != learner:
        inside = _library_of(frames[-1].filename) or os.path.basename(frames[-1].filename)
    return lines[-8:], inside


def _exc_text(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return text if len(text) <= 600 else text[:600] + " ..."


def classify(exc: BaseException, learner: str, checker, limits: dict) -> dict:
    """Turn an exception raised while a check ran into a report record."""
    from genlab.exercises.checks import CheckFailed

    rec: dict = {"status": "fail", "input": getattr(checker, "input", None)}
    lines, inside = learner_traceback(exc, learner)
    in_learner = bool(lines)
    rec["traceback"] = lines
    if isinstance(exc, CheckFailed):
        rec.update(kind="wrong", expected=exc.expected, got=exc.got, why=exc.why)
        if exc.input is not None:
            rec["input"] = exc.input
        return rec
    if isinstance(exc, CheckTimeout):
        rec.update(kind="timeout", message=(
            f"your code took longer than {limits['per_check_s']:g} s and was stopped"
            + (" (is there an infinite loop? it was running the line shown below)"
               if in_learner else "")))
        return rec
    if isinstance(exc, SystemExit):
        rec.update(kind="exit", message=(
            f"your code called sys.exit({exc.code!r}) (or exit/quit); return a value instead "
            "of ending the program"))
        return rec
    if isinstance(exc, MemoryError):
        rec.update(kind="memory", message=(
            f"your code ran out of memory: the checks allow {limits['memory_mb']} MiB. "
            "Is it building a huge array or list?"))
        return rec
    if isinstance(exc, RecursionError):
        rec.update(kind="error", message=(
            "your code recursed too deeply (RecursionError): is a function calling itself "
            "without a base case?"))
        return rec
    if isinstance(exc, OSError) and exc.errno == errno.EFBIG:
        rec.update(kind="error", message=(
            f"your code printed or wrote more than {limits['output_mb']} MiB; print less"))
        return rec
    if isinstance(exc, NotImplementedError) and in_learner:
        tb = exc.__traceback__
        while tb.tb_next is not None:
            tb = tb.tb_next
        code = tb.tb_frame.f_code  # Value.__add__.<locals>._backward says more than _backward
        func = getattr(code, "co_qualname", code.co_name).replace(".<locals>", "")
        rec.update(kind="not-implemented",
                   message=f"`{func}` is not written yet: it still raises NotImplementedError")
        return rec
    if in_learner:
        where = f" (inside {inside}, called from your code)" if inside else ""
        rec.update(kind="error", message=f"your code raised {_exc_text(exc)}{where}")
        return rec
    tail = traceback.format_exception(type(exc), exc, exc.__traceback__)[-3:]
    rec.update(kind="error",
               message=f"the check could not use what your code returned: {_exc_text(exc)}",
               detail="".join(tail)[-1500:])
    return rec


_HAS_ALARM = hasattr(signal, "setitimer") and hasattr(signal, "SIGALRM")


def _timed(seconds: float):
    if _HAS_ALARM:
        signal.setitimer(signal.ITIMER_REAL, max(float(seconds), 0.001))


def _untimed():
    if _HAS_ALARM:
        signal.setitimer(signal.ITIMER_REAL, 0)


def run_job(index: int, job: dict, limits: dict, emit) -> None:
    from genlab.exercises.checks import Checker, collect

    label = job["label"]
    learner = os.path.abspath(job["learner"])
    emit({"event": "job", "label": label, "out": _output_pos()})
    try:
        checks_module = _load_module(job["checks"], f"genlab_exercise_checks_{index}")
        checks = collect(checks_module)
    except BaseException as exc:  # noqa: BLE001 - a broken checks file is genlab's bug
        message = f"the checks of this exercise failed to load: {_exc_text(exc)}"
        if isinstance(exc, ModuleNotFoundError) and exc.name:
            package = {"sklearn": "scikit-learn"}.get(exc.name.split(".")[0],
                                                      exc.name.split(".")[0])
            message = (f"this exercise needs the package {package!r}, which is not "
                       f"installed: pip install {package}")
        emit({"event": "internal", "label": label, "message": message,
              "detail": traceback.format_exc()[-2000:]})
        emit({"event": "job_end", "label": label, "out": _output_pos()})
        return
    emit({"event": "plan", "label": label,
          "checks": [[c.__name__, c._genlab_check] for c in checks]})

    # Load the learner's file: its top level runs here, so it is timed and guarded too.
    emit({"event": "start", "label": label, "check": "(load)"})
    module = None
    t0 = time.perf_counter()
    try:
        _reseed()
        _timed(limits["per_check_s"])
        module = _load_module(learner, f"genlab_learner_{index}")
        _untimed()
    except SyntaxError as exc:
        _untimed()
        text = (exc.text or "").rstrip("\n")
        caret = " " * max((exc.offset or 1) - 1 - (len(text) - len(text.lstrip())), 0) + "^"
        emit({"event": "load", "label": label, "status": "fail", "kind": "syntax",
              "message": f"your file has a syntax error: {exc.msg} "
                         f"(line {exc.lineno})",
              "traceback": [f"{os.path.basename(learner)}, line {exc.lineno}: {text.strip()}",
                            "    " + caret] if text else []})
    except BaseException as exc:  # noqa: BLE001 - anything the learner's top level raises
        _untimed()
        rec = classify(exc, learner, None, limits)
        if rec.get("kind") == "error" and not rec["traceback"]:
            rec["message"] = f"your file could not be loaded: {_exc_text(exc)}"
        rec["message"] = "while loading your file: " + (rec.get("message") or "")
        emit({"event": "load", "label": label, **rec})
    if module is None:
        emit({"event": "job_end", "label": label, "out": _output_pos()})
        return
    emit({"event": "load", "label": label, "status": "pass",
          "seconds": round(time.perf_counter() - t0, 3)})

    stop_reason = None
    for check_fn in checks:
        name = check_fn.__name__
        if stop_reason:
            emit({"event": "result", "label": label, "check": name,
                  "title": check_fn._genlab_check, "status": "skip", "kind": "skipped",
                  "message": stop_reason})
            continue
        emit({"event": "start", "label": label, "check": name})
        checker = Checker(module, learner)
        t0 = time.perf_counter()
        try:
            _reseed()
            _timed(limits["per_check_s"])
            check_fn(checker)
            _untimed()
            rec = {"status": "pass", "kind": "ok"}
        except BaseException as exc:  # noqa: BLE001 - this is the point of the child
            # (KeyboardInterrupt too: the child runs in its own session, so Ctrl-C at the
            # terminal never reaches it; one raised here came from the learner's code)
            _untimed()
            rec = classify(exc, learner, checker, limits)
            if rec["kind"] == "timeout":
                stop_reason = "not run: an earlier check ran out of time"
        rec.update(event="result", label=label, check=name, title=check_fn._genlab_check,
                   seconds=round(time.perf_counter() - t0, 3))
        emit(rec)
    emit({"event": "job_end", "label": label, "out": _output_pos()})


def main(argv: list[str]) -> int:
    with open(argv[1], encoding="utf-8") as f:
        spec = json.load(f)
    result = open(spec["result"], "a", encoding="utf-8")

    def emit(obj: dict) -> None:
        result.write(json.dumps(obj) + "\n")
        result.flush()

    limits = spec["limits"]
    sys.dont_write_bytecode = True  # no __pycache__ in the learner's workspace
    import warnings

    # libraries' deprecation notices are noise here; RuntimeWarnings (0/0, overflow) stay
    for category in (DeprecationWarning, PendingDeprecationWarning, FutureWarning):
        warnings.simplefilter("ignore", category)
    set_limits(limits)
    if _HAS_ALARM:
        signal.signal(signal.SIGALRM, _on_alarm)
    for i, job in enumerate(spec["jobs"]):
        run_job(i, job, limits, emit)
    emit({"event": "finished"})
    result.close()
    return 0


if __name__ == "__main__":
    code = main(sys.argv)
    sys.stdout.flush()
    os._exit(code)  # skip interpreter teardown: learner code may have left threads or atexit
