"""Plain-words reports of a check run, for the terminal."""

from __future__ import annotations

import os

from genlab.exercises.runner import CheckResult, RunResult


def _indent(text: str, prefix: str) -> str:
    lines = str(text).splitlines() or [""]
    return ("\n" + prefix).join(lines)


def _failure_lines(c: CheckResult) -> list[str]:
    pad = "      "
    out = []
    if c.message:
        out.append(f"{pad}{_indent(c.message, pad)}")
    if c.input:
        out.append(f"{pad}on input:  {_indent(c.input, pad + '           ')}")
    if c.expected is not None:
        out.append(f"{pad}expected:  {_indent(c.expected, pad + '           ')}")
    if c.got is not None:
        out.append(f"{pad}got:       {_indent(c.got, pad + '           ')}")
    if c.why:
        out.append(f"{pad}note:      {_indent(c.why, pad + '           ')}")
    if c.traceback:
        out.append(f"{pad}in your code:")
        out.extend(f"{pad}  {line}" for line in c.traceback)
    if c.detail and os.environ.get("GENLAB_DEBUG"):
        out.append(f"{pad}(debug) {_indent(c.detail, pad + '        ')}")
    return out


def format_run(exercise, result: RunResult, file_shown: str | None = None) -> str:
    lines = [f"{exercise.id}: {exercise.title}  (milestone {exercise.milestone}, "
             f"{exercise.milestone_name})",
             f"file: {file_shown or result.learner}"]
    if result.problem is not None:
        p = result.problem
        lines.append(f"  FAIL  {p.title}")
        lines.extend(_failure_lines(p))
    shown_unwritten = set()
    for c in result.checks:
        mark = {"pass": "  ok  ", "fail": "  FAIL", "skip": "  skip"}[c.status]
        lines.append(f"{mark}  {c.title}")
        if c.status == "fail" and c.kind == "not-implemented" and c.message in shown_unwritten:
            lines.append(f"      {c.message}")  # said in full above; once is enough
        elif c.status == "fail":
            if c.kind == "not-implemented":
                shown_unwritten.add(c.message)
            lines.extend(_failure_lines(c))
        elif c.status == "skip" and c.message:
            lines.append(f"        {c.message}")
    if result.output.strip():
        lines.append("output while checking (your prints and warnings):")
        lines.extend("  | " + line for line in result.output.rstrip().splitlines()[-30:])
    total = len(result.checks)
    if result.passed:
        lines.append(f"All {total} checks passed.")
    else:
        lines.append(f"{result.n_passed} of {total} checks passed." if total else
                     "The checks could not run.")
    return "\n".join(lines)
