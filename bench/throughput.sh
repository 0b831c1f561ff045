#!/usr/bin/env bash
# Whole-run throughput, all rows measured in one run on the same sample:
#
#   bench/throughput.sh BACKGROUND_FILE [N]
#
# BACKGROUND_FILE: SMILES<TAB>id lines, plain, .gz or .zst (such as the
# shared background set); the first N (default 100000) lines are the sample.
# Rows: reading lines (the floor), RDKit's sanitised SMILES parse alone, the
# open peer screener in its two modes, and `precursor screen` on one core and
# on all cores. Single-core rows are pinned to one CPU (taskset) so that a
# second core does not flatter them. Prints molecules/s, ratios and peak RSS.
#
# Environment:
#   BUILD=build                  where the program and bench tools are built
#   PEER_SCREEN=path             the peer (peer_screen.py); default: the shared
#                                copy if present; the peer rows are skipped if absent
#   PEER_PYTHON=/usr/bin/python3 Debian's python3 with python3-rdkit
#   CHEMCROW_N=5000              the chemcrow mode is slow: it runs on this prefix
#   AS_OF=2026-01-01             the screening date (fixed, for repeatable runs)
#   WHOLE_RSS=1                  also screen the whole BACKGROUND_FILE (all cores)
#                                and report its peak RSS
#   ROUNDS=1                     run the peer, parse, single-core and all-cores
#                                rows this many times, alternating; report each
#                                row's median and each ratio's median over the
#                                rounds (and every round's ratio)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -lt 1 ]; then
  sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
file=$1
n=${2:-100000}
build=${BUILD:-build}
# The peer script lives beside the repository in the shared material.
peer=${PEER_SCREEN:-$(dirname "$0")/../../shared/bench/peer_screen.py}
python=${PEER_PYTHON:-/usr/bin/python3}
chemcrow_n=${CHEMCROW_N:-5000}
as_of=${AS_OF:-2026-01-01}
rounds=${ROUNDS:-1}
precursor=$build/precursor
floor=$build/bench/floor
for tool in "$precursor" "$floor"; do
  [ -x "$tool" ] || { echo "missing $tool: build first (scripts/setup.sh)" >&2; exit 2; }
done

pin=()
if command -v taskset >/dev/null; then pin=(taskset -c 0); fi
cores=$(nproc)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
case "$file" in
  *.zst) zstd -dc "$file" ;;
  *.gz) gzip -dc "$file" ;;
  *) cat "$file" ;;
esac | head -n "$n" > "$tmp/sample.smi" || true
n=$(wc -l < "$tmp/sample.smi")
head -n "$chemcrow_n" "$tmp/sample.smi" > "$tmp/prefix.smi"
n_prefix=$(wc -l < "$tmp/prefix.smi")

# run LABEL MOLECULES COMMAND...: wall time and peak RSS of one command.
declare -A rate rss
run() {
  local label=$1 molecules=$2
  shift 2
  # Exit status 1 from `precursor screen` means some records were errors: a
  # completed run all the same.
  local status=0
  /usr/bin/time -f "%e %M" -o "$tmp/time" "$@" > "$tmp/out" 2> "$tmp/err" || status=$?
  if [ "$status" -gt 1 ]; then
    echo "$label failed (exit status $status):" >&2
    tail -3 "$tmp/err" >&2
    return 1
  fi
  # (time puts "Command exited with non-zero status" first when it does.)
  read -r seconds kb < <(tail -n 1 "$tmp/time")
  rate[$label]=$(awk -v n="$molecules" -v s="$seconds" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')
  # A tool that times its own loop (the floor tools, the peer) is taken at
  # its word: that leaves out interpreter start-up and imports. Our own rows
  # keep the whole wall time, start-up included.
  local own
  own=$(grep -o 'mol_per_s=[0-9.e+]*' "$tmp/out" | cut -d= -f2 || true)
  if [ -n "$own" ]; then rate[$label]=$(awk -v r="$own" 'BEGIN { printf "%.0f", r }'); fi
  rss[$label]=$((kb / 1024))
  printf '  %-28s %8s mol/s  %6s MB  (%s molecules, %s s)\n' "$label" "${rate[$label]}" \
    "${rss[$label]}" "$molecules" "$seconds" >&2
}

echo "sample: $n molecules from $file; $cores cores" >&2
# The pinned CPU's speed drifts over minutes on a shared host, so the rows a
# ratio compares run back to back: the peers, the parse, then ours; with
# ROUNDS > 1 they alternate and each row is taken at its median.
run lines "$n" "${pin[@]}" "$floor" lines "$tmp/sample.smi"
have_peer=0
if [ -f "$peer" ] && "$python" -c 'import rdkit' 2>/dev/null; then
  have_peer=1
else
  echo "  peer: $peer or python3-rdkit not found; peer rows skipped" >&2
fi
for ((r = 1; r <= rounds; r++)); do
  if [ $have_peer = 1 ]; then
    run "peer_chemcrow_$r" "$n_prefix" "${pin[@]}" "$python" "$peer" --mode chemcrow "$tmp/prefix.smi"
    run "peer_efficient_$r" "$n" "${pin[@]}" "$python" "$peer" --mode efficient "$tmp/sample.smi"
  fi
  run "rdkit_parse_$r" "$n" "${pin[@]}" "$floor" parse "$tmp/sample.smi"
  run "ours_1_core_$r" "$n" "${pin[@]}" "$precursor" screen --as-of "$as_of" --jobs 1 "$tmp/sample.smi"
  run "ours_all_cores_$r" "$n" "$precursor" screen --as-of "$as_of" "$tmp/sample.smi"
done
# median_of FORMAT: the median of the numbers on stdin, printed with FORMAT.
median_of() {
  sort -n | awk -v f="$1" '{ v[NR] = $1 } END { if (NR) printf f, (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}
# median LABEL: the median rate and the largest peak RSS of LABEL's rounds.
median() {
  local label=$1 r
  rate[$label]=$(for ((r = 1; r <= rounds; r++)); do echo "${rate[${label}_$r]}"; done | median_of "%.0f")
  rss[$label]=$(for ((r = 1; r <= rounds; r++)); do echo "${rss[${label}_$r]}"; done | sort -n | tail -n 1)
}
for label in rdkit_parse ours_1_core ours_all_cores; do median $label; done
if [ $have_peer = 1 ]; then for label in peer_chemcrow peer_efficient; do median $label; done; fi
grep -o 'fast path settled [0-9.]*%' "$tmp/err" >&2 || true
if [ "${WHOLE_RSS:-0}" = 1 ]; then
  whole=$(case "$file" in *.zst) zstd -dc "$file" ;; *.gz) gzip -dc "$file" ;; *) cat "$file" ;; esac | wc -l)
  run ours_whole_file "$whole" "$precursor" screen --as-of "$as_of" "$file"
fi

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf (b > 0 ? "%.2fx" : "-"), a / b }'; }
echo
echo "| measurement | molecules | molecules/s | peak RSS |"
echo "|---|---:|---:|---:|"
row() { echo "| $1 | $2 | ${rate[$3]} | ${rss[$3]} MB |"; }
row "reading lines (floor)" "$n" lines
row "RDKit SMILES parse, sanitised" "$n" rdkit_parse
if [ $have_peer = 1 ]; then
  row "peer, --mode efficient" "$n" peer_efficient
  row "peer, --mode chemcrow (first $n_prefix)" "$n_prefix" peer_chemcrow
fi
row "precursor screen, 1 core (--jobs 1)" "$n" ours_1_core
row "precursor screen, all $cores cores" "$n" ours_all_cores
if [ -n "${rate[ours_whole_file]:-}" ]; then row "precursor screen, whole file, all cores" "$whole" ours_whole_file; fi
echo
echo "| ratio | value |"
echo "|---|---:|"
# ratio_row TEXT A B: A's rate over B's. With rounds, the median of the
# rounds' ratios (each round's rows run back to back, so a round's ratio
# is the least blurred by drift), then every round's.
ratio_row() {
  local text=$1 a=$2 b=$3 r value rounds_text=""
  value=$(ratio "${rate[$a]}" "${rate[$b]}")
  if [ "$rounds" -gt 1 ]; then
    value=$(for ((r = 1; r <= rounds; r++)); do
      awk -v x="${rate[${a}_$r]}" -v y="${rate[${b}_$r]}" 'BEGIN { if (y > 0) printf "%.6f\n", x / y }'
    done | median_of "%.2fx")
    for ((r = 1; r <= rounds; r++)); do
      rounds_text+="${rounds_text:+, }$(ratio "${rate[${a}_$r]}" "${rate[${b}_$r]}")"
    done
    rounds_text=" (median of rounds: $rounds_text)"
  fi
  echo "| $text | $value$rounds_text |"
}
ratio_row "1 core / RDKit sanitised parse" ours_1_core rdkit_parse
if [ $have_peer = 1 ]; then
  ratio_row "1 core / peer efficient" ours_1_core peer_efficient
  ratio_row "1 core / peer chemcrow" ours_1_core peer_chemcrow
fi
ratio_row "all cores / 1 core" ours_all_cores ours_1_core
