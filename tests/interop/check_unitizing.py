"""Check the unitizing alpha (αu) of `hamish agree` against an independent transcription.

Krippendorff's αu for continua (1995; Content Analysis, 2004, §12.4; the formulation of DKPro
Statistics' KrippendorffAlphaUnitizingAgreement, which INCEpTION reports) is transcribed here in
plain Python from the published formula, in exact rational arithmetic, by brute force: every
section of one annotator against every section of another, every unit against every gap. The
spans come from `hamish export --format doccano` (code-point offsets, the document text), not
from hamish's own αu code. Fails when the αu of a label, of all labels or of one document
differs by more than 1e-6.

Why not a PyPI package: `krippendorff-unitized-alpha` 0.1.0, the one on PyPI, computes a different
coefficient (the coincidence-matrix u-alpha of Krippendorff et al., Quality & Quantity 2016): on
the hand-worked example below it gives 0.2375, not 9/70; and its own gap filler raises on a unit
that starts at position 1 (it mixes inclusive and exclusive ends). So it cannot check this one.

Run by tests/interop/run.sh (HAMISH_BIN, HAMISH_REPO set), or standalone:
    python tests/interop/check_unitizing.py [path/to/hamish]
"""

import json
import os
import subprocess
import sys
import tempfile
from fractions import Fraction
from pathlib import Path

TOLERANCE = 1e-6

repo = Path(os.environ.get("HAMISH_REPO", Path(__file__).resolve().parents[2]))
binary = os.environ.get("HAMISH_BIN") or (
    sys.argv[1] if len(sys.argv) > 1 else str(repo / "target/debug/hamish")
)
inputs = sorted(str(p) for p in (repo / "samples/review").glob("*.hamish.ron"))
if len(inputs) < 2:
    sys.exit("samples/review/ must hold at least two project files")


def reduce_units(length, units):
    """Clip to the document, drop empty units, keep the first of overlapping ones (by start,
    longest first), as hamish and INCEpTION do: a coder's units of one label never overlap."""
    units = sorted(
        ((min(s, length), min(e, length)) for s, e in units), key=lambda u: (u[0], -u[1])
    )
    kept = []
    for s, e in units:
        if s < e and all(e <= ks or ke <= s for ks, ke in kept):
            kept.append((s, e))
    return kept


def sections(length, units):
    """(start, end, is_unit) tiling 0..length."""
    out, pos = [], 0
    for s, e in units:
        if pos < s:
            out.append((pos, s, False))
        out.append((s, e, True))
        pos = e
    if pos < length:
        out.append((pos, length, False))
    return out


def delta2(g, h):
    (bg, eg, ug), (bh, eh, uh) = g, h
    if ug and uh:
        return (bg - bh) ** 2 + (eg - eh) ** 2
    if ug and not uh and bh <= bg and eg <= eh:
        return (eg - bg) ** 2
    if uh and not ug and bg <= bh and eh <= eg:
        return (eh - bh) ** 2
    return 0


def disagreements(length, coders):
    """(D_o, D_e) of one label on one document; None if not computable."""
    m = len(coders)
    if m < 2 or length == 0:
        return None
    units = [reduce_units(length, u) for u in coders]
    all_units = [u for us in units for u in us]
    if not all_units:
        return None
    cuts = [sections(length, u) for u in units]
    observed = 0
    for i in range(m):
        for j in range(m):
            if i == j:
                continue
            for g in cuts[i]:
                for h in cuts[j]:
                    if g[0] < h[1] and h[0] < g[1]:
                        observed += delta2(g, h)
    d_o = Fraction(observed, m * (m - 1) * length * length)
    gaps = [e - s for cut in cuts for s, e, unit in cut if not unit]
    n = len(all_units)
    total = Fraction(0)
    for s, e in all_units:
        lu = e - s
        total += Fraction((n - 1) * (2 * lu**3 - 3 * lu**2 + lu), 3)
        total += lu * lu * sum(g - lu + 1 for g in gaps if g >= lu)
    denominator = m * length * (m * length - 1) - sum((e - s) * (e - s - 1) for s, e in all_units)
    d_e = Fraction(2, length) * total / denominator
    return d_o, d_e


def pooled(pairs):
    """αu over documents: 1 − Σ L·D_o / Σ L·D_e."""
    pairs = [(length, d) for length, d in pairs if d is not None]
    if not pairs:
        return None
    o = sum(length * d[0] for length, d in pairs)
    e = sum(length * d[1] for length, d in pairs)
    return None if e == 0 else 1 - o / e


# The hand-worked example of crates/core/src/review/unitizing.rs: αu = 9/70 exactly.
example = disagreements(10, [[(1, 4), (6, 8)], [(2, 5)]])
assert example == (Fraction(3, 50), Fraction(252, 3660)), example
assert 1 - example[0] / example[1] == Fraction(9, 70)


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
            [binary, "agree", "--json", *files], check=True, capture_output=True, text=True
        ).stdout
    )
    with tempfile.TemporaryDirectory() as tmp:
        per_file = [documents(p, tmp) for p in files]
    # Documents are matched by their text, as hamish matches them by its hash.
    texts, ids = {}, {}
    for k, docs in enumerate(per_file):
        for d in docs:
            texts.setdefault(d["text"], {})[k] = d["entities"]
            ids[d["text"]] = d["doc_id"]
    labels = [l["label"] for l in report["unitizing"]["per_label"]]
    failures = []
    by_label = {label: [] for label in labels}
    by_doc = {}
    for text, coders in texts.items():
        if len(coders) < 2:
            continue
        for label in labels:
            units = [
                [(e["start_offset"], e["end_offset"]) for e in ents if e["label"] == label]
                for ents in coders.values()
            ]
            d = (len(text), disagreements(len(text), units))
            by_label[label].append(d)
            by_doc.setdefault(ids[text], []).append(d)
    theirs = {label: pooled(by_label[label]) for label in labels}
    theirs["(overall)"] = pooled([x for label in labels for x in by_label[label]])
    ours = {l["label"]: l["alpha_u"] for l in report["unitizing"]["per_label"]}
    ours["(overall)"] = report["unitizing"]["overall"]
    for row in report["per_document"]:
        key = f"document {row['id']}"
        ours[key] = row["alpha_u"]
        theirs[key] = pooled(by_doc.get(row["id"], []))
    for label, value in theirs.items():
        mine = ours.get(label)
        if (mine is None) != (value is None) or (
            value is not None and abs(mine - float(value)) > TOLERANCE
        ):
            failures.append(f"αu {label}: hamish {mine}, transcription {value}")
        else:
            shown = "None" if value is None else f"{float(value):.9f}"
            print(f"ok  αu {label}: hamish {mine}, transcription {shown}")
    return failures


failures = check(inputs) + check(inputs[:2])
if failures:
    print("\n".join(failures))
    sys.exit(1)
