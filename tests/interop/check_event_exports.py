"""Read Hamish's event exports the way their users do, and fail on anything lost or wrong.

Run by tests/interop/run.sh, which sets HAMISH_INTEROP_DIR (one folder per exported project,
each with events.jsonl from `--format events-json`, events.csv from `--format events-csv`,
events-table.json from `--format events-table-json` and stats.json from `hamish stats --json`).

events.jsonl is read on its own terms, as OneIE/DEGREE/TextEE loaders do: every argument's
entity_id must resolve to an entity mention of the same sentence, every mention's token slice
must join to its text (whitespace aside), and the sentences' tokens must be the document's
non-whitespace characters in order. events.csv is loaded with pandas: fatalities integer-like
(nullable Int64), event_date parsable as dates, time_precision an ACLED code, one row per
event, as many as stats.json counts. The JSON table must hold the same rows.
"""

import json
import os
import sys
from pathlib import Path

import pandas as pd

failures = []


def check(ok, message):
    if not ok:
        failures.append(message)
    return ok


def squash(text):
    return "".join(text.split())


def check_events_json(name, folder, project_texts, stats):
    path = folder / "events.jsonl"
    with open(path, encoding="utf-8") as f:
        sentences = [json.loads(line) for line in f if line.strip()]
    events = 0
    seen_event_ids = set()
    tokens_by_doc = {}
    for s in sentences:
        where = f"{name}: {s['sent_id']}"
        tokens = s["tokens"]
        tokens_by_doc.setdefault(s["doc_id"], []).extend(tokens)
        entities = {}
        for m in s["entity_mentions"]:
            check(0 <= m["start"] < m["end"] <= len(tokens), f"{where}: {m['id']} range")
            check(
                "".join(tokens[m["start"] : m["end"]]) == squash(m["text"]),
                f"{where}: entity {m['id']} tokens {tokens[m['start']:m['end']]} != {m['text']!r}",
            )
            check(m["id"] not in entities, f"{where}: entity id {m['id']} twice")
            entities[m["id"]] = m
        for e in s["event_mentions"]:
            events += 1
            check(e["id"] not in seen_event_ids, f"{where}: event id {e['id']} twice")
            seen_event_ids.add(e["id"])
            t = e["trigger"]
            check(
                "".join(tokens[t["start"] : t["end"]]) == squash(t["text"]),
                f"{where}: trigger of {e['id']} {tokens[t['start']:t['end']]} != {t['text']!r}",
            )
            for a in e["arguments"]:
                m = entities.get(a["entity_id"])
                if check(m is not None, f"{where}: {e['id']} argument {a['entity_id']} unresolved"):
                    check(m["text"] == a["text"], f"{where}: {e['id']} argument text differs")
                    check(
                        "".join(tokens[m["start"] : m["end"]]) == squash(a["text"]),
                        f"{where}: {e['id']} argument tokens != text",
                    )
                check(bool(a["role"]), f"{where}: {e['id']} argument without a role")
        for r in s["relation_mentions"]:
            roles = [a["role"] for a in r["arguments"]]
            check(roles == ["Arg-1", "Arg-2"], f"{where}: {r['id']} roles {roles}")
            for a in r["arguments"]:
                check(a["entity_id"] in entities, f"{where}: {r['id']} end {a['entity_id']} unresolved")
    check(events == stats["events"], f"{name}: {events} event mentions, stats says {stats['events']}")
    for doc_id, tokens in tokens_by_doc.items():
        text = project_texts.get(doc_id)
        if check(text is not None, f"{name}: unknown doc_id {doc_id}"):
            check("".join(tokens) == squash(text), f"{name}: {doc_id} tokens do not rejoin to its text")
    print(f"  {name}: events.jsonl {len(sentences)} sentences, {events} events: ok")
    return seen_event_ids


def check_events_csv(name, folder, stats, event_ids):
    table = pd.read_csv(
        folder / "events.csv",
        dtype={"fatalities": "Int64", "fatalities_high": "Int64", "time_precision": "Int64"},
        parse_dates=["event_date"],
        keep_default_na=True,
    )
    check(len(table) == stats["events"], f"{name}: {len(table)} CSV rows, stats says {stats['events']}")
    check(str(table["fatalities"].dtype) == "Int64", f"{name}: fatalities dtype {table['fatalities'].dtype}")
    # An empty column has nothing to infer a date type from; pandas leaves it object.
    check(
        len(table) == 0 or pd.api.types.is_datetime64_any_dtype(table["event_date"]),
        f"{name}: event_date dtype {table['event_date'].dtype}",
    )
    check(table["event_id_cnty"].is_unique, f"{name}: event ids not unique")
    check(set(table["event_id_cnty"]) == event_ids, f"{name}: CSV ids differ from events.jsonl ids")
    check(
        table["time_precision"].dropna().isin([1, 2, 3]).all(),
        f"{name}: time_precision outside ACLED's 1, 2, 3",
    )
    low, high = table["fatalities"], table["fatalities_high"]
    both = low.notna() & high.notna()
    check((low[both] <= high[both]).all(), f"{name}: fatalities above fatalities_high")
    # An open count ("at least 40") has no high bound, and says so.
    open_count = low.notna() & high.isna()
    at_least = table["fatalities_at_least"].astype("string").str.lower()
    check((at_least[open_count] == "true").all(), f"{name}: open counts not marked at least")
    per_type = table["sub_event_type"].value_counts().sum()
    check(per_type == sum(stats["events_per_type"].values()), f"{name}: per-type counts differ")
    print(f"  {name}: events.csv {len(table)} rows, dtypes ok")
    return table


def check_events_table_json(name, folder, table):
    rows = pd.read_json(folder / "events-table.json", dtype={"fatalities": "Int64"})
    check(len(rows) == len(table), f"{name}: JSON table has {len(rows)} rows, CSV {len(table)}")
    if len(rows) and len(table):
        check(list(rows["event_id_cnty"]) == list(table["event_id_cnty"]), f"{name}: JSON/CSV ids differ")
        check(
            list(rows["fatalities"].astype("Int64")) == list(table["fatalities"]),
            f"{name}: JSON/CSV fatalities differ",
        )


def main():
    root = Path(os.environ["HAMISH_INTEROP_DIR"])
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        name = folder.name
        stats = json.loads((folder / "stats.json").read_text(encoding="utf-8"))
        texts = project_texts(folder)
        ids = check_events_json(name, folder, texts, stats)
        table = check_events_csv(name, folder, stats, ids)
        check_events_table_json(name, folder, table)
    if failures:
        for f in failures:
            print("FAIL:", f)
        sys.exit(1)
    print("event exports: ok")


def project_texts(folder):
    """Document texts by id, from the spaCy export (id and text on every line)."""
    texts = {}
    with open(folder / "spacy.jsonl", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                d = json.loads(line)
                texts[d["id"]] = d["text"]
    return texts


if __name__ == "__main__":
    main()
