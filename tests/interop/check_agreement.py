"""Check `hamish agree` against NLTK's independent implementation of the same metrics.

`hamish agree --json --tokens FILE.csv` reports nominal Krippendorff's alpha over all
annotators and Cohen's kappa per pair of annotators, computed on tokens, and writes the token
labels it used (coder, item, label). This script feeds those very labels to
`nltk.metrics.agreement.AnnotationTask` and fails when a number differs by more than the
rounding of the report (4 decimals).

Run by tests/interop/run.sh (HAMISH_BIN, HAMISH_REPO set), or standalone:
    python tests/interop/check_agreement.py [path/to/hamish]
which uses target/debug/hamish and the files in samples/review/ by default.
"""

import csv
import itertools
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from nltk.metrics.agreement import AnnotationTask

TOLERANCE = 1e-4

repo = Path(os.environ.get("HAMISH_REPO", Path(__file__).resolve().parents[2]))
binary = os.environ.get("HAMISH_BIN") or (sys.argv[1] if len(sys.argv) > 1 else str(repo / "target/debug/hamish"))
inputs = sorted(str(p) for p in (repo / "samples/review").glob("*.hamish.ron"))
if len(inputs) < 2:
    sys.exit("samples/review/ must hold at least two project files")

failures = []


def close(ours, theirs, what):
    if ours is None or abs(ours - theirs) > TOLERANCE:
        failures.append(f"{what}: hamish {ours}, nltk {theirs:.6f}")
    else:
        print(f"ok  {what}: hamish {ours}, nltk {theirs:.6f}")


def agree(files):
    with tempfile.TemporaryDirectory() as tmp:
        tokens = Path(tmp) / "tokens.csv"
        out = subprocess.run(
            [binary, "agree", "--json", "--tokens", str(tokens), *files],
            check=True,
            capture_output=True,
            text=True,
        )
        report = json.loads(out.stdout)
        with open(tokens, encoding="utf-8", newline="") as f:
            rows = [(r["coder"], r["item"], r["label"]) for r in csv.DictReader(f)]
    return report, rows


def check(files):
    report, rows = agree(files)
    coders = report["annotators"]
    print(f"{len(files)} files, {len(rows)} token labels, annotators {', '.join(coders)}")
    # Alpha over everyone: NLTK skips items with fewer than two values, as Krippendorff does.
    close(report["alpha"], AnnotationTask(data=rows).alpha(), "Krippendorff's alpha (nominal, tokens)")
    by_pair = {(p["a"], p["b"]): p for p in report["pairs"]}
    for a, b in itertools.combinations(coders, 2):
        items_a = {item for coder, item, _ in rows if coder == a}
        items_b = {item for coder, item, _ in rows if coder == b}
        shared = items_a & items_b
        pair_rows = [r for r in rows if r[0] in (a, b) and r[1] in shared]
        task = AnnotationTask(data=pair_rows)
        close(by_pair[(a, b)]["kappa"], task.kappa_pairwise(a, b), f"Cohen's kappa {a} vs {b}")
        if by_pair[(a, b)]["tokens"] != len(shared):
            failures.append(f"{a} vs {b}: {by_pair[(a, b)]['tokens']} tokens reported, {len(shared)} shared")


check(inputs)
# Two annotators only: alpha and kappa on a single pair.
check(inputs[:2])

if failures:
    print("\n".join(f"FAIL {f}" for f in failures))
    sys.exit(1)
print("agreement: hamish matches nltk")
