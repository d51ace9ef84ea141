"""Run one benchmark on the code of another commit and on this tree, one right
after the other, in the same script, so that both meet the same machine.

    .venv/bin/python bench/compare.py --before a36f43e [--rounds 1] -- feed.py --scale 0.3

The other commit is checked out in a temporary git worktree (removed at the
end) and run with this tree's virtual environment: its directory comes first
on ``sys.path``, so its ``community`` package is the one imported. Rounds
alternate before/after (before, after, before, after…) so that a swing of
the shared machine's load hits both alike. Each benchmark prints one JSON
line; this prints them, labelled, as one JSON object per run.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(tree: Path, script: str, args: list[str]) -> dict:
    done = subprocess.run(
        [sys.executable, str(tree / "bench" / script), *args],
        cwd=tree,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", required=True, help="the commit to compare with")
    parser.add_argument("--rounds", type=int, default=1, help="before/after pairs")
    parser.add_argument("script", help="a benchmark in bench/, e.g. feed.py")
    parser.add_argument("args", nargs=argparse.REMAINDER, help="its arguments")
    options = parser.parse_args()
    args = [a for a in options.args if a != "--"]
    with tempfile.TemporaryDirectory() as folder:
        before = Path(folder) / "before"
        subprocess.run(
            ["git", "worktree", "add", "--detach", "--quiet", str(before), options.before],
            cwd=ROOT,
            check=True,
        )
        try:
            for round_ in range(1, options.rounds + 1):
                for label, tree in (("before", before), ("after", ROOT)):
                    result = run(tree, options.script, args)
                    print(json.dumps({"round": round_, "code": label, **result}), flush=True)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(before)], cwd=ROOT)


if __name__ == "__main__":
    main()
