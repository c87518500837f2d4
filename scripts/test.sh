#!/usr/bin/env bash
# Runs the NUnit suite and ends with the plain line "N passed, N failed" computed from the TRX results.
# Extra arguments go to `dotnet test` (e.g. --filter "FullyQualifiedName~Network").
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

results="$root/TestResults"
rm -rf "$results"
printf '[test %s] building and running the NUnit suite (the Terraform tier runs terraform init/validate/plan per workspace)\n' "$(date +%H:%M:%S)" >&2
dotnet test tests/Ecolaura.Tf.Tests.csproj -c Release -nologo \
  --logger "trx;LogFileName=results.trx" --logger "console;verbosity=normal" \
  --results-directory "$results" "$@"
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
