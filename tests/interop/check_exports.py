"""Load every Hamish export with the tool its users feed it to, and fail on any lost span.

Run by tests/interop/run.sh, which sets HAMISH_INTEROP_DIR (one folder per exported project).
The number of spans each project has comes from `hamish stats --json`, not from an exporter;
the formats are also checked against each other in their own units (code points for spaCy,
doccano and brat; UTF-16 code units for Label Studio; tokens for CoNLL and Hugging Face).
"""

import csv
import json
import os
import sys
from pathlib import Path

import datasets
import spacy
from seqeval.metrics import f1_score
from seqeval.metrics.sequence_labeling import get_entities
from seqeval.scheme import IOB2, IOBES, Entities
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

failures = []


def check(ok, message):
    if not ok:
        failures.append(message)
    return ok


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def js_slice(text, start, end):
    """Slice like JavaScript's String.slice: by UTF-16 code units."""
    units = text.encode("utf-16-le")
    return units[2 * start : 2 * end].decode("utf-16-le")


def read_conll(path):
    """Documents of sentences of (token, [tags]) rows."""
    docs, doc, sent = [], [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            cols = line.split()
            if not cols:
                if sent:
                    doc.append(sent)
                sent = []
                continue
            if cols[0] == "-DOCSTART-":
                if sent:
                    doc.append(sent)
                if doc:
                    docs.append(doc)
                doc, sent = [], []
                continue
            sent.append((cols[0], cols[1:]))
    if sent:
        doc.append(sent)
    if doc:
        docs.append(doc)
    return docs


def strict_count(y, scheme):
    """Entities seqeval's strict mode accepts (it drops ill-formed ones)."""
    return sum(len(e) for e in Entities(y, scheme).entities)


def lenient_count(y):
    return sum(len(get_entities(s)) for s in y)


def squash(text):
    return "".join(text.split())


def check_project(folder: Path):
    name = folder.name
    stats = json.loads((folder / "stats.json").read_text(encoding="utf-8"))
    total = stats["spans"]
    print(f"  {name}: {stats['documents']} document(s), {total} span(s)")

    # spaCy: rebuild each Doc from words and spaces; every span through char_span strict.
    vocab = Vocab()
    nlp = spacy.blank("xx")
    spacy_rows = read_jsonl(folder / "spacy.jsonl")
    outer = []  # (doc index, label, text) of the outermost layer
    n_spacy = 0
    for i, row in enumerate(spacy_rows):
        words = [t["text"] for t in row["tokens"]]
        spaces = [t["ws"] for t in row["tokens"]]
        doc = Doc(vocab, words=words, spaces=spaces)
        check(doc.text == row["text"], f"{name} spacy doc {i}: words+spaces do not give the text")
        ents = []
        for s in row["spans"]:
            span = doc.char_span(s["start"], s["end"], label=s["label"], alignment_mode="strict")
            if check(span is not None, f"{name} spacy doc {i}: char_span {s} is None"):
                check(span.start == s["token_start"] and span.end == s["token_end"] + 1,
                      f"{name} spacy doc {i}: token_start/token_end disagree for {s}")
                check(span.text == row["text"][s["start"]:s["end"]], f"{name} spacy: text of {s}")
                ents.append(span)
                outer.append((i, s["label"], span.text))
        doc.ents = ents  # raises if the outer layer overlaps
        group = []
        for s in row["overlapping_spans"]:
            span = doc.char_span(s["start"], s["end"], label=s["label"], alignment_mode="strict")
            if check(span is not None, f"{name} spacy doc {i}: char_span {s} is None"):
                group.append(span)
        doc.spans["overlapping"] = group
        n_spacy += len(ents) + len(group)
        # The same text through spaCy's own (blank) pipeline still makes a Doc of it.
        check(nlp(row["text"]).text == row["text"], f"{name} spacy: blank pipeline changed the text")
    check(n_spacy == total, f"{name} spacy: {n_spacy} spans, the project has {total}")

    # doccano: code-point offsets slice the text; same spans as spaCy.
    doccano = read_jsonl(folder / "doccano.jsonl")
    # Relation-extraction shape: entities with ids (events and relations are checked by
    # check_frames_exchange.py).
    for r in doccano:
        r["label"] = [(e["start_offset"], e["end_offset"], e["label"]) for e in r["entities"]]
    n_doccano = sum(len(r["label"]) for r in doccano)
    check(n_doccano == total, f"{name} doccano: {n_doccano} spans, the project has {total}")
    by_text = {}
    for r in doccano:
        by_text[r["text"]] = sorted((s, e, l) for s, e, l in r["label"])
    for row in spacy_rows:
        want = sorted((s["start"], s["end"], s["label"]) for s in row["spans"] + row["overlapping_spans"])
        check(by_text.get(row["text"]) == want, f"{name}: doccano and spaCy disagree on a document")

    # brat: offsets slice the .txt (code points); the .ann text field matches.
    brat = folder / "brat"
    n_brat = 0
    for ann in sorted(brat.glob("*.ann")):
        text = ann.with_suffix(".txt").read_text(encoding="utf-8")
        spans = []
        lines = ann.read_text(encoding="utf-8").splitlines()
        # Trigger lines (the T of an E line, with the event's type) repeat a span's offsets.
        triggers = {l.split("\t")[1].split(" ")[0].split(":")[1] for l in lines if l.startswith("E")}
        for line in lines:
            if not line.startswith("T") or line.split("\t")[0] in triggers:
                continue
            _, spec, covered = line.split("\t")
            label, ranges = spec.split(" ", 1)
            pieces = [tuple(map(int, r.split())) for r in ranges.split(";")]
            check(" ".join(text[s:e] for s, e in pieces) == covered, f"{name} brat {ann.name}: {line!r}")
            spans.append((pieces[0][0], pieces[-1][1], label))
            n_brat += 1
        if text in by_text:
            check(sorted(spans) == by_text[text], f"{name} brat {ann.name}: spans differ from doccano")
        else:
            check(not spans, f"{name} brat {ann.name}: text not in the doccano export")
    check(n_brat == total, f"{name} brat: {n_brat} spans, the project has {total}")
    conf = (brat / "annotation.conf").read_text(encoding="utf-8")
    visual = (brat / "visual.conf").read_text(encoding="utf-8")
    for label in stats["spans_per_label"]:
        check(label in conf and f"{label}\tbgColor:#" in visual, f"{name} brat: {label} not configured")

    # Label Studio: UTF-16 offsets slice the text as JavaScript would.
    tasks = json.loads((folder / "labelstudio.json").read_text(encoding="utf-8"))
    n_ls = 0
    for t in tasks:
        text = t["data"]["text"]
        got = []
        for r in t["annotations"][0]["result"]:
            if r["type"] == "relation":
                continue
            v = r["value"]
            n_ls += 1
            check(js_slice(text, v["start"], v["end"]) == v["text"], f"{name} labelstudio: {v} does not slice")
            # Convert to code points independently and compare with doccano.
            s = len(js_slice(text, 0, v["start"]))
            e = len(js_slice(text, 0, v["end"]))
            got.extend((s, e, l) for l in v["labels"])
        check(sorted(got) == by_text.get(text, []), f"{name} labelstudio: spans differ from doccano")
    check(n_ls == total, f"{name} labelstudio: {n_ls} spans, the project has {total}")

    # CSV: one row per span; offsets slice the document text.
    with open(folder / "spans.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    check(len(rows) == total, f"{name} csv: {len(rows)} rows, the project has {total}")
    texts = {r["doc_id"]: r["text"] for r in doccano}
    for r in rows:
        doc_text = texts.get(r["doc_id"], "")
        check(doc_text[int(r["start"]):int(r["end"])] == r["text"], f"{name} csv: row {r} does not slice")

    # CoNLL (IOB2): seqeval reads it strictly, entities equal spaCy's outer layer.
    docs = read_conll(folder / "conll.conll")
    check(len(docs) == len([r for r in spacy_rows if r["tokens"]]), f"{name} conll: document count")
    y = [[tags[0] for _, tags in sent] for doc in docs for sent in doc]
    check(strict_count(y, IOB2) == lenient_count(y), f"{name} conll: seqeval strict IOB2 drops entities")
    conll_outer = []
    for d, doc in enumerate(docs):
        for sent in doc:
            tags = [tags[0] for _, tags in sent]
            for label, s, e in get_entities(tags):
                conll_outer.append((label, squash("".join(tok for tok, _ in sent[s:e + 1]))))
    want_outer = sorted((l, squash(t)) for _, l, t in outer)
    check(sorted(conll_outer) == want_outer, f"{name} conll: entities differ from spaCy's outer layer")

    # CoNLL (BIOES, every layer in its own column): all spans are there.
    docs = read_conll(folder / "conll-bioes.conll")
    n_bioes = 0
    columns = max((len(tags) for doc in docs for sent in doc for _, tags in sent), default=0)
    for c in range(columns):
        y = [[tags[c] for _, tags in sent] for doc in docs for sent in doc]
        check(strict_count(y, IOBES) == lenient_count(y), f"{name} conll bioes column {c}: not strict BIOES")
        if any(t != "O" for s in y for t in s):
            check(f1_score(y, y, mode="strict", scheme=IOBES) == 1.0, f"{name} conll bioes column {c}: f1")
        n_bioes += lenient_count(y)
    check(n_bioes == total, f"{name} conll bioes columns: {n_bioes} spans, the project has {total}")

    # Hugging Face: datasets loads it with the label names; tags decode to the outer layer.
    names = json.loads((folder / "hf" / "labels.json").read_text(encoding="utf-8"))
    features = datasets.Features({
        "id": datasets.Value("string"),
        "doc_id": datasets.Value("string"),
        "tokens": datasets.Sequence(datasets.Value("string")),
        "ner_tags": datasets.Sequence(datasets.ClassLabel(names=names)),
    })
    data = folder / "hf" / "data.jsonl"
    if data.stat().st_size == 0:
        check(not outer, f"{name} hf: empty export but the project has spans")
        return
    ds = datasets.load_dataset("json", data_files=str(data), features=features, split="train")
    label_names = ds.features["ner_tags"].feature.names
    check(label_names == names, f"{name} hf: label names {label_names} != {names}")
    hf_outer = []
    for row in ds:
        tags = [label_names[i] for i in row["ner_tags"]]
        for label, s, e in get_entities(tags):
            hf_outer.append((label, squash("".join(row["tokens"][s:e + 1]))))
    check(sorted(hf_outer) == want_outer, f"{name} hf: entities differ from spaCy's outer layer")


def main():
    root = Path(os.environ["HAMISH_INTEROP_DIR"])
    datasets.disable_progress_bars()
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        check_project(folder)
    if failures:
        print(f"{len(failures)} failure(s):")
        for f in failures:
            print("  " + f)
        sys.exit(1)
    print("  exports load in spaCy, datasets, seqeval, brat and Label Studio terms; no span lost")


if __name__ == "__main__":
    main()
