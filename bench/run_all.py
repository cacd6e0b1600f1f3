"""Run every benchmark in this folder, one after the other: `python bench/run_all.py`.

Each `bench_*.py` prints its own absolute figures and its ratio to a baseline measured in the same run.
Their databases are encrypted: they are unlocked with a passphrase (`DIALOGUE_DESKTOP_PASSPHRASE`, set
here when it is not), as on a computer without credential store.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path


def main() -> int:
    failed = 0
    env = {"DIALOGUE_DESKTOP_PASSPHRASE": "benchmark passphrase", **os.environ}
    for script in sorted(Path(__file__).parent.glob("bench_*.py")):
        print(f"== {script.name}", flush=True)
        began = time.perf_counter()
        result = subprocess.run([sys.executable, str(script), *sys.argv[1:]], check=False, env=env)
        print(
            f"== {script.name}: exit {result.returncode} after {time.perf_counter() - began:.1f} s\n",
            flush=True,
        )
        failed += result.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
