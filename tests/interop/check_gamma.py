"""Check the γ (gamma) of `hamish agree --json` against pygamma-agreement, the reference
implementation of Mathet, Widlöcher & Métivier (Computational Linguistics 41(3), 2015).

Each document of samples/review (three annotators) is one pygamma `Continuum`: each annotator's
spans (code-point offsets from `hamish export --format doccano`, not from hamish's γ code) are
its units, the label the category; an annotator who has the document but no span is added
with no unit. pygamma runs with its defaults: `CombinedCategoricalDissimilarity()` (alpha = beta
= 1, delta_empty = 1, positional-sporadic + absolute categorical) and the
`StatisticalContinuumSampler`, with `np.random.seed` fixed.

What must agree:
- The best alignment's (observed) disorder. pygamma computes in float32, so its own figure is
  compared to ours within float32 rounding (1e-5 relative); and the alignment pygamma's MIP
  chose is re-scored here in float64 with the same formula, which must equal hamish's exact
  optimum to 1e-9 (so both found an alignment of the same, least, disorder).
- The expected disorder and γ, which both sample: hamish draws HAMISH_SAMPLES continua per
  document with its own generator, pygamma PYGAMMA_SAMPLES with numpy's; the two means must
  lie within 4 standard errors of each other (σ of pygamma's sampled disorders, √(1/n₁ + 1/n₂)),
  and γ within the same tolerance carried through γ = 1 − D_o / D_e. The pooled γ (documents
  weighted by units per annotator, as hamish documents) is checked the same way.

Run by tests/interop/run.sh (HAMISH_BIN, HAMISH_REPO set), or standalone:
    python tests/interop/check_gamma.py [path/to/hamish]
"""

import json
import logging
import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from pyannote.core import Segment
from pygamma_agreement import CombinedCategoricalDissimilarity, Continuum

logging.disable(logging.WARNING)  # pygamma warns on every MIP that CBC is missing (GLPK is used)

HAMISH_SAMPLES = 400
HAMISH_SEED = 1
PYGAMMA_SAMPLES = 60
PYGAMMA_SEED = 12345
EXACT = 1e-9
FLOAT32 = 1e-5
SIGMAS = 4.0

repo = Path(os.environ.get("HAMISH_REPO", Path(__file__).resolve().parents[2]))
binary = os.environ.get("HAMISH_BIN") or (
    sys.argv[1] if len(sys.argv) > 1 else str(repo / "target/debug/hamish")
)
inputs = sorted(str(p) for p in (repo / "samples/review").glob("*.hamish.ron"))
if len(inputs) < 2:
    sys.exit("samples/review/ must hold at least two project files")


def d64(u, v):
    """pygamma's default combined categorical dissimilarity, in float64."""
    (s1, e1, c1), (s2, e2, c2) = u, v
    pos = (abs(s1 - s2) + abs(e1 - e2)) / ((e1 - s1) + (e2 - s2))
    return pos * pos + (0.0 if c1 == c2 else 1.0)


def rescored(alignment, continuum):
    """The disorder of pygamma's chosen alignment, recomputed in float64."""
    m = continuum.num_annotators
    pairs = m * (m - 1) // 2
    total = 0.0
    for unitary in alignment.unitary_alignments:
        units = [
            None if u is None else (u.segment.start, u.segment.end, u.annotation)
            for _, u in unitary.n_tuple
        ]
        units += [None] * (m - len(units))
        s = 0.0
        for i in range(m):
            for j in range(i):
                s += 1.0 if units[i] is None or units[j] is None else d64(units[i], units[j])
        total += s / pairs
    return total / continuum.avg_num_annotations_per_annotator


def documents(project, tmp):
    out = Path(tmp) / (Path(project).stem + ".jsonl")
    subprocess.run(
        [binary, "export", project, "--format", "doccano", "--out", str(out)],
        check=True,
        capture_output=True,
    )
    with open(out, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def check(files):
    report = json.loads(
        subprocess.run(
            [
                binary,
                "agree",
                "--json",
                "--gamma-samples",
                str(HAMISH_SAMPLES),
                "--gamma-seed",
                str(HAMISH_SEED),
                *files,
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    ours = {d["id"]: d for d in report["gamma"]["per_document"]}
    with tempfile.TemporaryDirectory() as tmp:
        per_file = [documents(p, tmp) for p in files]
    texts, ids = {}, {}
    for k, docs in enumerate(per_file):
        for d in docs:
            texts.setdefault(d["text"], {})[k] = d["entities"]
            ids[d["text"]] = d["doc_id"]
    dissim = CombinedCategoricalDissimilarity()
    failures = []
    pooled = {"w": 0.0, "o": 0.0, "e": 0.0, "var": 0.0}
    np.random.seed(PYGAMMA_SEED)
    for text, coders in texts.items():
        if len(coders) < 2:
            continue
        doc_id = ids[text]
        continuum = Continuum(uri=doc_id)
        for k, ents in sorted(coders.items()):
            name = f"annotator {k}"
            continuum.add_annotator(name)
            for e in ents:
                if e["end_offset"] > e["start_offset"]:
                    continuum.add(name, Segment(e["start_offset"], e["end_offset"]), e["label"])
        if not continuum:
            if doc_id in ours:
                failures.append(f"{doc_id}: no unit, but hamish measured it")
            continue
        mine = ours.get(doc_id)
        if mine is None:
            failures.append(f"{doc_id}: hamish left out a document pygamma can measure")
            continue
        result = continuum.compute_gamma(dissim, n_samples=PYGAMMA_SAMPLES)
        best = result.best_alignment
        theirs_o = float(result.observed_disorder)
        theirs_o64 = rescored(best, continuum)
        o = mine["observed_disorder"]
        if abs(o - theirs_o64) > EXACT:
            failures.append(
                f"{doc_id}: observed disorder hamish {o!r}, pygamma's alignment in float64 "
                f"{theirs_o64!r}"
            )
        if abs(o - theirs_o) > FLOAT32 * max(1.0, abs(theirs_o)):
            failures.append(f"{doc_id}: observed disorder hamish {o!r}, pygamma {theirs_o!r}")
        chance = np.array([a.disorder for a in result.chance_alignments], dtype=np.float64)
        theirs_e = float(chance.mean())
        sd = float(chance.std(ddof=1))
        se = sd * math.sqrt(1.0 / PYGAMMA_SAMPLES + 1.0 / HAMISH_SAMPLES)
        e = mine["expected_disorder"]
        # γ = 1 − D_o / D_e: a change δ in D_e moves γ by about D_o δ / D_e².
        gamma_tol = SIGMAS * se * o / (theirs_e * theirs_e)
        theirs_g = float(result.gamma)
        ok_e = abs(e - theirs_e) <= SIGMAS * se
        ok_g = abs(mine["gamma"] - theirs_g) <= gamma_tol + FLOAT32
        status = "ok " if ok_e and ok_g else "BAD"
        print(
            f"{status} {doc_id}: D_o hamish {o:.9f} pygamma {theirs_o:.7f} (float64 {theirs_o64:.9f});"
            f" D_e hamish {e:.4f} pygamma {theirs_e:.4f} ± {SIGMAS * se:.4f};"
            f" γ hamish {mine['gamma']:.4f} pygamma {theirs_g:.4f} ± {gamma_tol:.4f}"
        )
        if not (ok_e and ok_g):
            failures.append(f"{doc_id}: expected disorder or γ outside the sampling tolerance")
        w = continuum.avg_num_annotations_per_annotator
        pooled["w"] += w
        pooled["o"] += w * theirs_o64
        pooled["e"] += w * theirs_e
        pooled["var"] += (w * se) ** 2
    if pooled["w"] > 0:
        o = pooled["o"] / pooled["w"]
        e = pooled["e"] / pooled["w"]
        se = math.sqrt(pooled["var"]) / pooled["w"]
        theirs = 1 - o / e
        tol = SIGMAS * se * o / (e * e)
        g = report["gamma"]
        if abs(g["observed_disorder"] - o) > EXACT:
            failures.append(f"pooled observed disorder hamish {g['observed_disorder']}, pygamma {o}")
        ok = abs(g["overall"] - theirs) <= tol + FLOAT32
        print(
            f"{'ok ' if ok else 'BAD'} pooled: D_o hamish {g['observed_disorder']:.9f} pygamma "
            f"{o:.9f}; γ hamish {g['overall']:.4f} pygamma {theirs:.4f} ± {tol:.4f}"
        )
        if not ok:
            failures.append("pooled γ outside the sampling tolerance")
    return failures


failures = check(inputs) + check(inputs[:2])
if failures:
    print("\n".join(failures))
    sys.exit(1)
