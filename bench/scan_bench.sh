#!/usr/bin/env bash
# Throughput of `precursor scan` and of the OPSIN helper:
#
#   bench/scan_bench.sh [N]
#
# Generates two corpora of N listings each (bench/make_scan_corpus.py):
# "quiet" (filler text, no chemical mention) and "mixed" (each listing
# names 1-3 registry substances by name, synonym, CAS RN or SMILES), and
# scans each twice: pinned to one core (taskset -c 0, --jobs 1) and on all
# cores (--jobs $(nproc)). Prints documents/s and MB/s for each.
# Then reads N distinct systematic names (not in the registry) through
# `precursor screen --jobs 1`, so each name is one round trip to the OPSIN
# helper (JVM start-up included), and prints names/s.
#
# Environment: BUILD=build, AS_OF=2026-12-01, JOBS (all cores: nproc).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20000}
build=${BUILD:-build}
as_of=${AS_OF:-2026-12-01}
bin=$build/precursor
jobs=${JOBS:-$(nproc)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

seconds() { python3 -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" "$@"; }

# How much of the machine this run had: $jobs processes spinning for 3 s
# get $jobs x 3 s of CPU on an idle machine, less on a shared one.
python3 - "$jobs" <<'PY'
import multiprocessing, sys, time
def spin(_):
    t = time.process_time(); end = time.time() + 3
    while time.time() < end: pass
    return time.process_time() - t
n = int(sys.argv[1])
with multiprocessing.Pool(n) as p:
    got = sum(p.map(spin, range(n)))
print(f"machine: {n} spinning processes got {got:.1f} of {3 * n} CPU-seconds in 3 s ({got / 3:.2f} cores free)")
PY

for kind in quiet mixed; do
  python3 bench/make_scan_corpus.py data "$kind" "$n" > "$tmp/$kind.jsonl"
  bytes=$(stat -c %s "$tmp/$kind.jsonl")
  for cores in 1 "$jobs"; do
    if [ "$cores" = 1 ]; then pin=(taskset -c 0); label="one core"; else pin=(); label="$cores cores"; fi
    t0=$(date +%s.%N)
    "${pin[@]}" "$bin" scan --jobs "$cores" --as-of "$as_of" "$tmp/$kind.jsonl" > "$tmp/$kind.out" 2> "$tmp/$kind.err"
    t1=$(date +%s.%N)
    s=$(seconds "$t0" "$t1")
    python3 - "$kind" "$n" "$bytes" "$s" "$tmp/$kind.out" "$tmp/$kind.err" "$label" <<'PY'
import json, re, sys
kind, n, size, s, out, err, label = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), sys.argv[5], sys.argv[6], sys.argv[7]
verdicts = {}
mentions = 0
for line in open(out, encoding="utf-8"):
    d = json.loads(line)
    verdicts[d["verdict"]] = verdicts.get(d["verdict"], 0) + 1
    mentions += len(d["mentions"])
print(f"scan {kind:6s} on {label}: {n} documents, {size/1e6:.1f} MB (file), {mentions} mentions; verdicts {verdicts}")
print(f"  whole run:                {s:.2f} s, {n/s:,.0f} documents/s, {size/1e6/s:.2f} MB/s (start-up included)")
m = re.search(r"([0-9.]+) s from the first document \(([0-9]+) documents/s, ([0-9.]+) MB/s of text\)", open(err).read())
if m:
    print(f"  from the first document:  {m.group(1)} s, {int(m.group(2)):,} documents/s, {m.group(3)} MB/s of text")
PY
  done
done

# Distinct systematic names none of the registry's: alkanols and ketones.
python3 - "$n" > "$tmp/names.txt" <<'PY'
import sys
n = int(sys.argv[1])
chains = ["pentan", "hexan", "heptan", "octan", "nonan", "decan", "undecan", "dodecan"]
subs = ["methyl", "ethyl", "propyl", "chloro", "bromo", "fluoro", "phenyl", "hydroxy"]
out = []
for c in chains:
    for s1 in subs:
        for a in range(1, 5):
            for b in range(1, 5):
                for suffix in ["ol", "one", "amine"]:
                    if a != b:
                        out.append(f"{a}-{s1}{c}-{b}-{suffix}")
for name in out[:n]:
    print(name)
PY
count=$(wc -l < "$tmp/names.txt")
t0=$(date +%s.%N)
"$bin" screen --jobs 1 --structures --as-of "$as_of" "$tmp/names.txt" > "$tmp/names.out" 2> /dev/null || true
t1=$(date +%s.%N)
s=$(seconds "$t0" "$t1")
read_by_opsin=$(grep -c '"source":"opsin"' "$tmp/names.out" || true)
python3 -c "import sys; c,r,s=int(sys.argv[1]),int(sys.argv[2]),float(sys.argv[3]); print(f'opsin: {c} names ({r} read by OPSIN) in {s:.2f} s, one at a time through screen --jobs 1: {c/s:,.0f} names/s (JVM start-up included)')" "$count" "$read_by_opsin" "$s"
