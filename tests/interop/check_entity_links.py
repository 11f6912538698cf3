"""Entity links in the exports, read back by their consumers.

Run by tests/interop/run.sh (HAMISH_INTEROP_DIR holds one folder per exported project). The
registry and the number of spans linked to each entity come from `hamish entities list
--json`, not from an exporter. Checked, per project:

- spaCy: spans built with `kb_id` from spacy.jsonl, put in `doc.ents` and `doc.spans`, survive
  a `DocBin` round trip, and `kb_id_` reads back a registry id, as many times per entity as
  the registry counts mentions;
- brat: every `N` line is `Reference TN hamish:ID<TAB>name`, its `T` is a span line of the same
  `.ann`, the id is in the registry and the name is its canonical name;
- CSV, doccano and Label Studio: `entity_id` and `entity_name` as the registry says, counted
  per entity;
- the event table: each Actor, Target and Place argument of events-json that is linked
  appears in its event's row under the entity's canonical name;
- for the shipped sample: every GROUP and PLACE span is linked.
"""

import csv
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pandas as pd
from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab

failures = []


def check(ok, message):
    if not ok:
        failures.append(message)
    return ok


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def canonical(entity):
    return entity["name_latin"] if entity["name_latin"].strip() else entity["name_ar"]


def check_spacy(name, folder, registry, mentions):
    vocab = Vocab()
    rows = read_jsonl(folder / "spacy.jsonl")
    bin_ = DocBin(store_user_data=False)
    written = Counter()
    for i, row in enumerate(rows):
        doc = Doc(vocab, words=[t["text"] for t in row["tokens"]], spaces=[t["ws"] for t in row["tokens"]])

        def span_of(s):
            return doc.char_span(s["start"], s["end"], label=s["label"], kb_id=s.get("kb_id", ""),
                                 alignment_mode="strict")

        doc.ents = [span_of(s) for s in row["spans"]]
        doc.spans["overlapping"] = [span_of(s) for s in row["overlapping_spans"]]
        written.update(s["kb_id"] for s in row["spans"] + row["overlapping_spans"] if "kb_id" in s)
        bin_.add(doc)
    read = Counter()
    unlinked_group_or_place = 0
    for doc in DocBin().from_bytes(bin_.to_bytes()).get_docs(vocab):
        for span in list(doc.ents) + list(doc.spans["overlapping"]):
            if span.kb_id_:
                check(span.kb_id_ in registry, f"{name} spacy: kb_id_ {span.kb_id_!r} is not in the registry")
                read[span.kb_id_] += 1
            elif span.label_ in ("GROUP", "PLACE"):
                unlinked_group_or_place += 1
    check(read == written, f"{name} spacy: kb_id_ read back {dict(read)} != written {dict(written)}")
    check(read == mentions, f"{name} spacy: kb_id_ per entity {dict(read)} != registry mentions {dict(mentions)}")
    print(f"  {name}: spaCy reads back {sum(read.values())} kb_id_ over {len(read)} entities")
    return unlinked_group_or_place


def check_brat(name, folder, registry, mentions):
    found = Counter()
    for ann in sorted((folder / "brat").glob("*.ann")):
        lines = ann.read_text(encoding="utf-8").splitlines()
        triggers = {l.split("\t")[1].split(" ")[0].split(":")[1] for l in lines if l.startswith("E")}
        spans = {l.split("\t")[0] for l in lines if l.startswith("T")} - triggers
        for line in lines:
            if not line.startswith("N"):
                continue
            fields = line.split("\t")
            if not check(len(fields) == 3, f"{name} brat {ann.name}: {line!r} is not N<TAB>ref<TAB>name"):
                continue
            kind, target, ref = (fields[1].split(" ") + ["", ""])[:3]
            check(kind == "Reference", f"{name} brat {ann.name}: {line!r} is not a Reference")
            check(target in spans, f"{name} brat {ann.name}: {line!r} names no span line")
            check(ref.startswith("hamish:"), f"{name} brat {ann.name}: {line!r} outside the hamish namespace")
            entity = registry.get(ref.removeprefix("hamish:"))
            if check(entity is not None, f"{name} brat {ann.name}: {ref} not in the registry"):
                check(fields[2] == canonical(entity), f"{name} brat {ann.name}: {fields[2]!r} is not the canonical name")
                found[entity["id"]] += 1
    check(found == mentions, f"{name} brat: N lines per entity {dict(found)} != mentions {dict(mentions)}")
    print(f"  {name}: {sum(found.values())} brat N lines resolve")


def check_fields(name, what, items, registry, mentions):
    found = Counter()
    for entity_id, entity_name in items:
        if not entity_id:
            check(not entity_name, f"{name} {what}: a name {entity_name!r} without an id")
            continue
        entity = registry.get(entity_id)
        if check(entity is not None, f"{name} {what}: {entity_id!r} not in the registry"):
            check(entity_name == canonical(entity), f"{name} {what}: {entity_name!r} for {entity_id}")
            found[entity_id] += 1
    check(found == mentions, f"{name} {what}: links per entity {dict(found)} != mentions {dict(mentions)}")


def check_event_table(name, folder, registry, link_of_span):
    table = pd.read_csv(folder / "events.csv", dtype=str, keep_default_na=False).set_index("event_id_cnty")
    columns = {"Actor": ("actor1", "assoc_actor_1"), "Target": ("actor2", "assoc_actor_2"), "Place": ("location",)}
    checked = 0
    for sentence in read_jsonl(folder / "events.jsonl"):
        for event in sentence["event_mentions"]:
            if event["id"] not in table.index:
                check(False, f"{name} events: {event['id']} not in the table")
                continue
            row = table.loc[event["id"]]
            for arg in event["arguments"]:
                if arg["role"] not in columns:
                    continue
                entity_id = link_of_span.get(arg["entity_id"].rsplit("-T", 1)[-1])
                if not entity_id:
                    continue
                cells = [c for col in columns[arg["role"]] for c in row[col].split("; ")]
                check(canonical(registry[entity_id]) in cells,
                      f"{name} events: {event['id']} {arg['role']} {arg['text']!r} is not {canonical(registry[entity_id])!r} in {cells}")
                checked += 1
    print(f"  {name}: {checked} linked event arguments named canonically in the event table")


def check_project(folder: Path):
    name = folder.name
    listed = json.loads(subprocess.run(
        [os.environ["HAMISH_BIN"], "entities", "list", "--json", str(folder / "project.hamish.ron")],
        check=True, capture_output=True).stdout)
    registry = {e["id"]: e for e in listed}
    mentions = Counter({e["id"]: e["mentions"] for e in listed if e["mentions"]})
    unlinked = check_spacy(name, folder, registry, mentions)
    check_brat(name, folder, registry, mentions)
    with open(folder / "spans.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    check_fields(name, "csv", [(r["entity_id"], r["entity_name"]) for r in rows], registry, mentions)
    doccano = read_jsonl(folder / "doccano.jsonl")
    check_fields(name, "doccano", [(e.get("entity_id", ""), e.get("entity_name", ""))
                                   for r in doccano for e in r["entities"]], registry, mentions)
    tasks = json.loads((folder / "labelstudio.json").read_text(encoding="utf-8"))
    regions = [r for t in tasks for r in t["annotations"][0]["result"] if r["type"] == "labels"]
    check_fields(name, "labelstudio", [(r.get("meta", {}).get("entity_id", ""), r.get("meta", {}).get("entity_name", ""))
                                       for r in regions], registry, mentions)
    # Label Studio region ids are `s` + span id: the link of each span, for the event table.
    link_of_span = {r["id"][1:]: r["meta"]["entity_id"] for r in regions if "entity_id" in r.get("meta", {})}
    check_event_table(name, folder, registry, link_of_span)
    if name == "sahel":
        check(unlinked == 0, f"{name}: {unlinked} GROUP or PLACE span(s) without a kb_id")
        check(sum(mentions.values()) >= 200, f"{name}: only {sum(mentions.values())} linked spans")


def main():
    root = Path(os.environ["HAMISH_INTEROP_DIR"])
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        check_project(folder)
    if failures:
        print(f"{len(failures)} failure(s):")
        for f in failures:
            print("  " + f)
        sys.exit(1)
    print("  entity links read back from spaCy, brat, CSV, doccano, Label Studio and the event table")


if __name__ == "__main__":
    main()
