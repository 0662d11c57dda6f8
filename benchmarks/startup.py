"""Start-up time of ``genlab roadmap``: the median wall time of 10 runs in fresh processes.

What it does:

1. makes a temporary ``$GENLAB_HOME`` and records a little progress there, so each timed run
   opens the progress database and reads the cached, validated curriculum (the first run of a
   new home validates the curriculum with pydantic and is reported separately);
2. runs ``python -X importtime -m genlab roadmap`` once and prints the cumulative import time
   of each top-level module it imports (the first level of the import chain), genlab's marked;
3. times 10 runs of ``python -m genlab roadmap`` as subprocesses and takes the median.

The last line of the output is JSON with ``roadmap_median_s`` (target: <= 0.25 s). The exit
code is 1 if torch, numpy or matplotlib was imported on that path, else 0; a slow median is
reported in the JSON (``within_limit``) but does not fail, because timings on a shared machine
are noisy.

    python benchmarks/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

from record import record  # benchmarks/record.py: writes src/genlab/figures/

LIMIT_S = 0.25
FORBIDDEN = ("torch", "numpy", "matplotlib")


def genlab(args: list[str], env: dict, importtime: bool = False) -> tuple[float, str]:
    """Run ``python -m genlab ARGS``; return the wall time and stderr."""
    cmd = [sys.executable] + (["-X", "importtime"] if importtime else []) + ["-m", "genlab"] + args
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        tail = [line for line in proc.stderr.splitlines() if not line.startswith("import time:")]
        sys.exit(f"genlab {' '.join(args)} failed (exit {proc.returncode}): {' '.join(tail[-3:])}")
    return elapsed, proc.stderr


def _wall(cmd: list[str], env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True)
    return time.perf_counter() - start


def parse_importtime(stderr: str) -> list[tuple[int, str, int]]:
    """``(level, module, cumulative microseconds)`` for every import, in import order."""
    rows = []
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _self_us, cumulative, name = line[len("import time:"):].split("|", 2)
        level = (len(name) - len(name.lstrip(" ")) - 1) // 2
        rows.append((level, name.strip(), int(cumulative)))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="genlab-bench-") as home:
        env = {**os.environ, "GENLAB_HOME": home, "COLUMNS": "100"}
        env.pop("GENLAB_CURRICULUM", None)
        first_s, _ = genlab(["roadmap"], env)  # validates the curriculum and caches it
        genlab(["progress", "1", "done", "--on", "2026-01-15"], env)
        genlab(["progress", "2", "in-progress"], env)

        _, stderr = genlab(["roadmap"], env, importtime=True)
        imports = parse_importtime(stderr)
        top = [(name, us) for level, name, us in imports if level == 0]
        print("import time of each top-level module on the path of `genlab roadmap` "
              "(cumulative, ms):")
        for name, us in top:
            if us >= 1000 or name.startswith("genlab"):
                mark = "*" if name.startswith("genlab") else " "
                print(f"  {mark} {us / 1000:7.1f}  {name}")
        total_ms = sum(us for _, us in top) / 1000
        print(f"    {total_ms:7.1f}  all imports (* = genlab's own modules)")
        loaded = {name.split(".")[0] for _, name, _ in imports}
        forbidden = sorted(loaded & set(FORBIDDEN))

        times = [genlab(["roadmap"], env)[0] for _ in range(args.runs)]
        # Context for noisy machines: a bare interpreter, and a command that does no work.
        bare = statistics.median(_wall([sys.executable, "-c", "pass"], env)
                                 for _ in range(args.runs))
        version = statistics.median(genlab(["--version"], env)[0] for _ in range(args.runs))

    median = statistics.median(times)
    print(f"genlab roadmap: median {median:.3f} s over {len(times)} runs "
          f"(min {min(times):.3f}, max {max(times):.3f}); first run of a new home "
          f"{first_s:.3f} s; limit {LIMIT_S} s")
    print(f"for comparison (medians): bare python {bare:.3f} s, genlab --version {version:.3f} s")
    if forbidden:
        print(f"FORBIDDEN imports on the roadmap path: {', '.join(forbidden)}")
    result = {
        "roadmap_median_s": round(median, 4),
        "runs": len(times),
        "min_s": round(min(times), 4),
        "max_s": round(max(times), 4),
        "first_run_s": round(first_s, 4),
        "limit_s": LIMIT_S,
        "within_limit": median <= LIMIT_S,
        "forbidden_imports": forbidden,
        "import_ms": round(total_ms, 1),
        "bare_python_median_s": round(bare, 4),
        "version_median_s": round(version, 4),
        "python": sys.version.split()[0],
    }
    print(json.dumps(result))
    record("startup", result)
    return 1 if forbidden else 0


if __name__ == "__main__":
    sys.exit(main())
