#!/usr/bin/env bash
# Runs the NUnit suite and ends with the plain line "N passed, N failed" computed from the TRX results.
#   --fast   everything but the slow tiers (NUnit categories Terraform, Emulators and Scale): the inner loop
# Other arguments go to `dotnet test` (e.g. --filter "FullyQualifiedName~Network"); a --filter is combined with --fast.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
root="$ecolaura_root"
cd "$root"
export CHECKPOINT_DISABLE=1

# The categories of the slow tiers; tests/Support/Categories.cs names the same two.
slow_tiers="TestCategory!=Terraform&TestCategory!=Emulators&TestCategory!=Scale"
fast=false
filter=""
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --fast) fast=true ;;
    --filter) filter="${2:-}"; shift ;;
    --filter=*) filter="${1#*=}" ;;
    *) args+=("$1") ;;
  esac
  shift
done
if [ "$fast" = true ]; then
  filter="${filter:+($filter)&}$slow_tiers"
fi
[ -n "$filter" ] && args+=(--filter "$filter")

results="$root/TestResults"
rm -rf "$results"
if [ "$fast" = true ]; then
  printf '[test %s] building and running the fast NUnit suite (no Terraform, emulator or scale tiers; CI runs everything)\n' "$(date +%H:%M:%S)" >&2
else
  printf '[test %s] building and running the NUnit suite (the Terraform tier runs terraform init and plan per workspace)\n' "$(date +%H:%M:%S)" >&2
fi
dotnet test tests/Ecolaura.Tf.Tests.csproj -c Release -nologo \
  --logger "trx;LogFileName=results.trx" --logger "console;verbosity=normal" \
  --results-directory "$results" ${args[@]+"${args[@]}"}
status=$?

trx="$results/results.trx"
if [ ! -f "$trx" ]; then
  echo "test: no TRX results were written (build failure?)" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
counters="$(grep -o '<Counters [^>]*>' "$trx" | head -1)"
attr() { printf '%s' "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
passed="$(attr passed)"; failed="$(attr failed)"; total="$(attr total)"; executed="$(attr executed)"
passed="${passed:-0}"; failed="${failed:-0}"; total="${total:-0}"; executed="${executed:-0}"
# Anything counted but not executed (skipped, inconclusive, errors) is a failure here: no check may be skipped.
not_run=$(( total - executed ))
failed=$(( failed + not_run ))
if [ "$passed" -eq 0 ]; then failed=$(( failed > 0 ? failed : 1 )); fi
echo "$passed passed, $failed failed"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ]; then exit 1; fi
exit 0
