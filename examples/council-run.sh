#!/usr/bin/env bash
# The three tables of a council paper (Sitzungsvorlage) in one non-interactive run:
#
#   1. the settlement of the last year          (Abrechnung)
#   2. "what if the state grant ends"            (Vergleich, base against the scenario)
#   3. the budget forecast with advance payments (Haushaltsplan + mittelfristige Finanzplanung)
#
# plus, for the audit file, the explanation of every region's own share with the YAML
# file and line of each value. Everything goes into one folder; any error stops the run
# with a non-zero exit code and a message on stderr (set -euo pipefail), and no half
# written file is left behind.
#
# Usage:
#   examples/council-run.sh OUTPUT_DIR [SETTLE_YEAR [FIRST [LAST]]]
#     Defaults: the current cycle of the finance office's year Y (the year of today's date,
#     or KIM_YEAR): the final settlement of Y-1, the budget Y+1 and the medium-term plan to
#     Y+4 (on 1 December 2026: settle 2025, forecast 2027–2030, compare 2027–2030).
#     SETTLE_YEAR  year to settle                       (default Y-1)
#     FIRST LAST   forecast years; FIRST is the budget year, its shares become the
#                  proposed advances; the comparison covers FIRST–LAST  (default Y+1 Y+4)
#
# Years after the dated data rest on the configuration's own planning assumptions (its
# 'planning:' key): forecast and compare use them without any option, and every output
# lists each value they create as an assumption. A settlement never does.
#
# Environment (all optional):
#   KIMCOST          how to call kimcost, e.g. "python3 -m kimcost"      (default: kimcost)
#   KIM_CONFIG       the configuration             (default: configs/coesfeld.yaml)
#   KIM_GRANT_ENDS   the grant-ends scenario file  (default: examples/coesfeld-grant-ends.yaml)
#   KIM_LANG         de or en                      (default: de)
#   KIM_YEAR         the current year Y            (default: the year of today's date)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"

die() { echo "council-run: error: $*" >&2; exit 2; }

[[ $# -ge 1 && $# -le 4 ]] || die "usage: $0 OUTPUT_DIR [SETTLE_YEAR [FIRST [LAST]]]"
out="$1"
this_year="${KIM_YEAR:-$(date +%Y)}"
[[ $this_year =~ ^[0-9]{4}$ ]] || die "KIM_YEAR $this_year is not a year such as 2026"
settle_year="${2:-$((this_year - 1))}"
first="${3:-$((this_year + 1))}"
last="${4:-$((this_year + 4))}"
for year in "$settle_year" "$first" "$last"; do
  [[ $year =~ ^[0-9]{4}$ ]] || die "$year is not a year such as 2025"
done
(( first <= last )) || die "the forecast's first year $first is after its last year $last"

config="${KIM_CONFIG:-$root/configs/coesfeld.yaml}"
grant_ends="${KIM_GRANT_ENDS:-$here/coesfeld-grant-ends.yaml}"
lang="${KIM_LANG:-de}"
read -r -a kim <<< "${KIMCOST:-kimcost}"

[[ -f $config ]] || die "configuration $config not found (set KIM_CONFIG)"
[[ -f $grant_ends ]] || die "grant-ends scenario $grant_ends not found (set KIM_GRANT_ENDS)"
command -v "${kim[0]}" >/dev/null 2>&1 || die "'${kim[0]}' not found; install kimcost or set KIMCOST, e.g. KIMCOST='python3 -m kimcost'"
[[ ! -e $out || -d $out ]] || die "$out exists and is not a folder"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

# Half-written files never stay: each output is written under a temporary name and moved
# into place when its command succeeded; on any failure the temporaries are removed.
pending=()
cleanup() { local f; for f in "${pending[@]+"${pending[@]}"}"; do rm -f -- "$f"; done; }
trap cleanup EXIT

log="$out/run.log"
: > "$log"
run() {  # run TARGET_FOR_STDOUT kimcost-arguments...
  local target="$1"; shift
  local tmp="$target.part"
  pending+=("$tmp")
  printf '%s\n' "$(printf '%q ' "${kim[@]}" "$@")> $(printf '%q' "$target")" >> "$log"
  if ! "${kim[@]}" "$@" > "$tmp"; then
    echo "council-run: error: this step failed: kimcost $*" >&2
    exit 1
  fi
  mv -f -- "$tmp" "$target"
}

echo "council-run: settlement $settle_year" >&2
run "$out/abrechnung-$settle_year.json" settle "$settle_year" --config "$config" --lang "$lang" \
    --format json --out "$out/abrechnung-$settle_year.xlsx"

echo "council-run: comparison $first–$last: base against the grant ending" >&2
run "$out/vergleich-foerderung-endet-$first-$last.json" compare "$first" "$last" --config "$config" --lang "$lang" \
    --scenario "$grant_ends" --format json --out "$out/vergleich-foerderung-endet-$first-$last.xlsx"

echo "council-run: forecast $first–$last" >&2
run "$out/prognose-$first-$last.json" forecast "$first" "$last" --config "$config" --lang "$lang" \
    --format json --out "$out/prognose-$first-$last.xlsx"
run "$out/prognose-$first-$last.csv" forecast "$first" "$last" --config "$config" --lang "$lang" \
    --format csv

echo "council-run: explanations $settle_year" >&2
mkdir -p "$out/erklaerung-$settle_year"
# The region ids, read from the settlement just written (kimcost runs on Python, so one is at
# hand: the interpreter of KIMCOST when it is "… python -m kimcost", else python3).
python="python3"
[[ ${kim[0]} == *python* ]] && python="${kim[0]}"
regions=$("$python" -c 'import json, sys; print(" ".join(r["id"] for r in json.load(open(sys.argv[1], encoding="utf-8"))["regions"]))' \
          "$out/abrechnung-$settle_year.json")
for region in $regions; do
  run "$out/erklaerung-$settle_year/$region.json" explain "$settle_year" --config "$config" --lang "$lang" \
      --region "$region" --format json
done

pending=()
echo "council-run: done; files in $out:" >&2
(cd "$out" && find . -type f ! -name '*.part' | LC_ALL=C sort) >&2
