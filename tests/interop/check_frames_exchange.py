"""Read the brat, doccano and Label Studio exports independently and resolve every event
argument and relation end to the text it names.

Run by tests/interop/run.sh (HAMISH_INTEROP_DIR: one folder per exported project).

- brat: the `.ann` files are parsed by hand (pybrat 0.1.7, the parser on PyPI, drops event
  roles and refuses a trigger line at the offsets of an entity line, which is how brat writes
  an event on a labelled span; no other maintained reader handles attributes). Each `E`/`R`/`A`
  reference must name a line of the same file; each `T` is sliced out of the `.txt` by its code
  point offsets; a trigger line has its event's type.
- doccano: entity ids resolve within the line, offsets are code points (Python `str`).
- Label Studio: region ids resolve within the task, offsets are UTF-16 code units, converted
  here on their own.

The three exports must then agree on every event (trigger text, type, arguments by role with
their text, attributes), every relation and every document attribute; the small fixture must
have its three events (a repeated role, an argument after an emoji in another sentence, an
argument nested in its trigger) and its relation.
"""

import json
import os
import re
import sys
from pathlib import Path

failures = []


def check(ok, message):
    if not ok:
        failures.append(message)
    return ok


def js_slice(text, start, end):
    """Slice like JavaScript's String.slice: by UTF-16 code units."""
    units = text.encode("utf-16-le")
    return units[2 * start : 2 * end].decode("utf-16-le")


def base_role(role):
    """brat numbers a repeated role from 2 (`Place2`); our roles carry no digits."""
    return re.sub(r"[0-9]+$", "", role)


def read_brat(folder, name):
    """Events, relations and document attributes per document text."""
    docs = {}
    brat = folder / "brat"
    doc_attrs_path = brat / "hamish-documents.json"
    doc_attrs = json.loads(doc_attrs_path.read_text(encoding="utf-8")) if doc_attrs_path.exists() else {}
    # Free-text attributes are declared in annotation.conf's comments; only their names open a
    # note as `NAME: TEXT` (an event's own note may hold ": " anywhere).
    conf = (brat / "annotation.conf").read_text(encoding="utf-8")
    text_attrs = set(re.findall(r"^# (\S+): free text", conf, re.M))
    for ann in sorted(brat.glob("*.ann")):
        text = ann.with_suffix(".txt").read_text(encoding="utf-8")
        where = f"{name} brat {ann.name}"
        tb, events, relations, attrs, notes = {}, {}, [], [], []
        for n, line in enumerate(ann.read_text(encoding="utf-8").splitlines(), 1):
            fields = line.split("\t")
            kind = fields[0][:1]
            if kind == "T":
                ty, ranges = fields[1].split(" ", 1)
                pieces = [tuple(map(int, r.split())) for r in ranges.split(";")]
                check(" ".join(text[s:e] for s, e in pieces) == fields[2], f"{where}:{n}: {line!r}")
                tb[fields[0]] = (ty, pieces[0][0], pieces[-1][1])
            elif kind == "E":
                parts = fields[1].split(" ")
                events[fields[0]] = (n, parts)
            elif kind == "R":
                relations.append((n, fields[1].split(" ")))
            elif kind == "A":
                attrs.append((n, fields[1].split(" ")))
            elif kind == "#":
                notes.append((n, fields[1].split(" ", 1)[1], fields[2]))

        def span(ref, n):
            """(start, end, text) of a T reference, or None (a failure) when dangling."""
            if not check(ref in tb, f"{where}:{n}: {ref} does not resolve"):
                return None
            _, s, e = tb[ref]
            return (s, e, text[s:e])

        def labelled(ref, n):
            got = span(ref, n)
            return got and got + (tb[ref][0],)

        doc_events = {}
        for eid, (n, parts) in events.items():
            ty, trigger = parts[0].split(":")
            check(tb.get(trigger, ("?",))[0] == ty, f"{where}:{n}: trigger {trigger} is not of type {ty}")
            args = []
            for p in parts[1:]:
                role, ref = p.split(":")
                args.append((base_role(role), labelled(ref, n)))
            doc_events[eid] = {"trigger": span(trigger, n), "type": ty, "args": sorted(args, key=repr), "attrs": {}}
        for n, (attr, target, value) in attrs:
            if check(target in doc_events, f"{where}:{n}: attribute on {target}, which is not an event"):
                doc_events[target]["attrs"][attr] = value
        for n, target, note in notes:
            # A free-text attribute is a note `NAME: TEXT`; the event's own note has no prefix.
            key, _, value = note.partition(": ")
            if target in doc_events and key in text_attrs:
                doc_events[target]["attrs"][key] = value
        doc_relations = []
        for n, (ty, a1, a2) in relations:
            check(a1.startswith("Arg1:") and a2.startswith("Arg2:"), f"{where}:{n}: not Arg1/Arg2")
            doc_relations.append((ty, labelled(a1.split(":")[1], n), labelled(a2.split(":")[1], n)))
        docs[text] = {
            "events": sorted(canon(e) for e in doc_events.values()),
            "relations": sorted(doc_relations, key=repr),
            "attrs": doc_attrs.get(ann.stem, {}),
        }
    return docs


def canon(event):
    return json.dumps(event, ensure_ascii=False, sort_keys=True)


def frames_from(text, spans, relations, hamish_events, doc_attrs, where):
    """Common reading of doccano and Label Studio: `spans` maps id -> (start, end, label) in
    code points; `relations` lists (from, to, type)."""

    def resolve(ref):
        if not check(ref in spans, f"{where}: {ref!r} does not resolve"):
            return None
        s, e, label = spans[ref]
        return (s, e, text[s:e], label)

    events = []
    role_relations = set()
    for e in hamish_events:
        trigger = resolve(e["trigger"])
        args = []
        for a in e.get("args", []):
            args.append((a["role"], resolve(a["entity"])))
            role_relations.add((e["trigger"], a["entity"], a["role"]))
        events.append(
            canon(
                {
                    "trigger": trigger and trigger[:3],
                    "type": e["type"],
                    "args": sorted(args, key=repr),
                    "attrs": e.get("attrs", {}),
                }
            )
        )
    written = {(f, t, ty) for f, t, ty in relations}
    for r in role_relations:
        check(r in written, f"{where}: event argument {r} has no relation for the tool's users")
    plain = sorted(
        ((ty, resolve(f), resolve(t)) for f, t, ty in relations if (f, t, ty) not in role_relations),
        key=repr,
    )
    return {"events": sorted(events), "relations": plain, "attrs": doc_attrs}


def read_doccano(folder, name):
    docs = {}
    with open(folder / "doccano.jsonl", encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            row = json.loads(line)
            text = row["text"]
            spans = {e["id"]: (e["start_offset"], e["end_offset"], e["label"]) for e in row["entities"]}
            relations = [(r["from_id"], r["to_id"], r["type"]) for r in row["relations"]]
            docs[text] = frames_from(
                text,
                spans,
                relations,
                row.get("hamish_events", []),
                row.get("hamish_attributes", {}),
                f"{name} doccano line {n}",
            )
    return docs


def read_labelstudio(folder, name):
    docs = {}
    tasks = json.loads((folder / "labelstudio.json").read_text(encoding="utf-8"))
    for t in tasks:
        text = t["data"]["text"]
        where = f"{name} labelstudio task {t['id']}"
        spans, relations = {}, []
        for r in t["annotations"][0]["result"]:
            if r["type"] == "relation":
                check(r.get("direction") == "right", f"{where}: relation direction {r.get('direction')}")
                relations.append((r["from_id"], r["to_id"], r["labels"][0]))
                continue
            v = r["value"]
            check(js_slice(text, v["start"], v["end"]) == v["text"], f"{where}: {v} does not slice")
            s = len(js_slice(text, 0, v["start"]))
            e = len(js_slice(text, 0, v["end"]))
            spans[r["id"]] = (s, e, v["labels"][0])
        docs[text] = frames_from(
            text,
            spans,
            relations,
            t["data"].get("hamish_events", []),
            t["data"].get("hamish_attributes", {}),
            where,
        )
    return docs


def main():
    root = Path(os.environ["HAMISH_INTEROP_DIR"])
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        name = folder.name
        brat = read_brat(folder, name)
        doccano = read_doccano(folder, name)
        ls = read_labelstudio(folder, name)
        check(set(brat) == set(doccano) == set(ls), f"{name}: the formats hold different documents")
        for text, want in doccano.items():
            short = text[:30].replace("\n", " ")
            # brat's relation and argument entries carry the label; doccano's carry it too.
            check(brat.get(text, {}).get("relations") == want["relations"], f"{name} {short!r}: brat relations differ from doccano: {brat.get(text, {}).get('relations')} / {want['relations']}")
            check(ls.get(text) == want, f"{name} {short!r}: Label Studio frames differ from doccano")
            b = brat.get(text, {})
            check(b.get("attrs") == want["attrs"], f"{name} {short!r}: brat document attributes differ")
            # brat events carry no label on the trigger line (it has the event's type).
            check(
                b.get("events") == [canon(with_trigger_text(json.loads(e))) for e in want["events"]],
                f"{name} {short!r}: brat events differ from doccano:\n{b.get('events')}\n{want['events']}",
            )
        n_events = sum(len(d["events"]) for d in doccano.values())
        n_relations = sum(len(d["relations"]) for d in doccano.values())
        print(f"{name}: {n_events} event(s), {n_relations} relation(s) resolved in brat, doccano and Label Studio")
        if name == "small":
            check(n_events == 3 and n_relations == 1, f"small: {n_events} events, {n_relations} relations; expected 3 and 1")
            places = [
                a for d in doccano.values() for e in d["events"] for a in json.loads(e)["args"] if a[0] == "Place"
            ]
            check(len(places) >= 3, "small: the repeated Place role did not come through")
    if failures:
        for f in failures:
            print("FAIL:", f)
        sys.exit(1)
    print("frames: all exports agree")


def with_trigger_text(event):
    """The doccano reading of an event, as brat's is written (trigger as start, end, text)."""
    event["trigger"] = event["trigger"][:3] if event["trigger"] else None
    return event


if __name__ == "__main__":
    main()
