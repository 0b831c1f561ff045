#!/usr/bin/env python3
"""Writes a corpus of marketplace-style listings as JSON Lines ({"id","text"})
for bench/scan_bench.sh.

  make_scan_corpus.py DATA_DIR KIND N > corpus.jsonl

KIND quiet: filler text only (no chemical mention): the common case a
platform scans. KIND mixed: every listing names registry substances by name,
synonym, CAS RN or SMILES inside the filler, with flag wording now and then.
Deterministic (fixed seed) so runs compare."""
import glob
import json
import random
import sys

FILLER = ("quality supplier factory price wholesale retail fast shipping sample available in stock "
          "contact us for details payment accepted bank transfer minimum order packaging bag drum "
          "bottle carton pallet delivery worldwide certificate analysis purity grade industrial "
          "laboratory reagent customer service reply within hours discount bulk order free sample "
          "glass beaker flask funnel pipette burette stirrer hotplate thermometer gloves goggles "
          "cotton shirts shoes phone cases cables chargers furniture garden tools kitchenware").split()


def listing(rng, words):
    out = []
    for _ in range(words):
        out.append(rng.choice(FILLER))
    return " ".join(out).capitalize() + "."


def main():
    data_dir, kind, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rng = random.Random(24)
    substances = []
    for f in sorted(glob.glob(data_dir + "/registry/*.json")):
        for e in json.load(open(f, encoding="utf-8"))["entries"]:
            if e.get("smiles"):
                substances.append(e)
    flags = ["safe delivery to USA", "stealth shipping", "customs clearance guaranteed", "包清关", "to Mexico"]
    for i in range(n):
        parts = [listing(rng, rng.randint(40, 120))]
        if kind == "mixed":
            for _ in range(rng.randint(1, 3)):
                e = rng.choice(substances)
                way = rng.randrange(4)
                if way == 0 or (way == 1 and not e.get("cas")):
                    mention = rng.choice([e["name"]] + e.get("synonyms", []))
                elif way == 1:
                    mention = "CAS " + e["cas"]
                elif way == 2:
                    mention = e["smiles"]
                else:
                    mention = e["name"] + " (CAS " + e["cas"] + ")" if e.get("cas") else e["name"]
                parts.insert(rng.randrange(len(parts) + 1), "Offer " + mention + ", " + listing(rng, 10))
            if rng.random() < 0.3:
                parts.append(rng.choice(flags) + ".")
        print(json.dumps({"id": f"{kind}-{i + 1}", "text": " ".join(parts)}, ensure_ascii=False))


if __name__ == "__main__":
    main()
