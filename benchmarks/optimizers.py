"""The optimization lab as a benchmark: ``genlab optimizers vae`` (SGD, momentum, Adam, AdamW,
two schedules; the same epochs and minutes each), its table recorded in
``src/genlab/figures/optimizers.json`` for the optimization guide and the docs.

Run: ``python benchmarks/optimizers.py [--recipe vae]``. The last line is JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from record import record  # benchmarks/record.py: writes src/genlab/figures/

REPO = Path(__file__).resolve().parents[1]


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--recipe", default="vae")
    args = p.parse_args(argv)
    sys.path.insert(0, str(REPO / "src"))
    import genlab

    with tempfile.TemporaryDirectory(prefix="genlab-bench-optimizers-") as tmp:
        lab = genlab.optimizers(args.recipe, runs_dir=tmp, quiet=True)
    variants = {name: {"status": row["status"], "key_metric": row["key metric"], "steps": row["steps"],
                       "seconds": row["seconds"]} for name, row in lab.table.items()}
    result = {"recipe": args.recipe, "variants": variants}
    print(json.dumps(result))
    record("optimizers", result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
