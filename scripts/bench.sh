#!/usr/bin/env bash
# Benchmark of the toolchain. Prints, in one run:
#   cold set-up   fresh clone + empty cache: npm ci + jsii-pacmak bindings (skipped with --skip-cold)
#   warm set-up   the no-op set-up every command runs first
#   full synth    every workspace of every environment (the built app, median of N runs), in as many processes as the
#                 app chooses by default (the processor count, or $ECOLAURA_SYNTH_PROCESSES)
#   full, 1 proc  the same with ECOLAURA_SYNTH_PROCESSES=1 (every environment in one process), paired run by run;
#                 the bench fails unless both outputs are identical (diff -r)
#   floor synth   one stack with one resource on the same jsii runtime and bindings (median of N runs)
#   ratio         full / floor (project goal: ≤ 1.5) for both, and peak memory (largest single process, GNU time)
#   cdktf synth   CDKTF's own synth step inside the one-process full synth (App.Synth(): Node.js resolving tokens and
#                 writing every cdk.tf.json), against the 0.5 × floor the ratio goal leaves above the floor
#   prod only     `synth --env prod` (median of N runs, one environment: one process) against its budget: floor +
#                 prod's share of the one-process full synth's work above the floor (share = prod's resources / all
#                 resources; issue goal: not more)
#   10 envs       full synth of ten environments (the embedded three + seven from `sample-config`), by default and in
#                 one process, and its growth per environment against the three-environment synth (linear when both
#                 per-env figures agree)
#   test suite    `./ecolaura test` wall time, every tier (only with --suite: it takes minutes)
#   terraform CPU with --suite: every terraform command of the suite (through a PATH shim) and its CPU seconds, which
#                 divided by the cores is a lower bound of the suite's wall time
# Usage: ./ecolaura bench [--skip-cold] [--runs N] [--suite]
#
#   ./ecolaura bench changed-since [--env E] [--runs N]
#                 a pull request that changes one alarm in one environment (prod-data's RDS connections threshold,
#                 made in a temporary worktree of HEAD), planned end to end with
#                 `./ecolaura plan --offline --changed-since HEAD`: build of the changed app, synth of both refs (in
#                 parallel), selection and offline plans. Run 1 starts with an empty base-synth cache, the next runs
#                 reuse it (the base's tree hash is the key). Prints each run's seconds and the load average.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
root="$ecolaura_root"
cd "$root"
export CHECKPOINT_DISABLE=1

skip_cold=false
suite=false
runs=5
case_name=toolchain
bench_env=""
if [ "${1:-}" = changed-since ]; then
  case_name=changed-since
  runs=2
  shift
fi
while [ $# -gt 0 ]; do
  case "$1" in
    --skip-cold) skip_cold=true ;;
    --suite) suite=true ;;
    --runs) runs="$2"; shift ;;
    --env) [ "$case_name" = changed-since ] || { echo "bench: --env belongs to 'bench changed-since'" >&2; exit 2; }; bench_env="$2"; shift ;;
    *) echo "bench: unknown argument '$1'; allowed: changed-since, --skip-cold, --runs N, --suite, --env E (changed-since)" >&2; exit 2 ;;
  esac
  shift
done

command -v /usr/bin/time >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq time >/dev/null; }
scripts/setup.sh
export PATH="$(ecolaura_node_bin):$PATH"
export NODE_OPTIONS="${NODE_OPTIONS:-} --no-deprecation"
dotnet build main/Ecolaura.Tf.App.csproj -c Release -nologo -v quiet -tl:off >/dev/null || { echo "bench: build failed (run ./ecolaura synth to see why)" >&2; exit 1; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# measure LABEL CMD…: runs CMD under GNU time, appends "seconds kilobytes" to $tmp/LABEL
measure() {
  local label="$1"; shift
  /usr/bin/time -f '%e %M' -o "$tmp/time.out" "$@" >"$tmp/$label.log" 2>&1 || { cat "$tmp/$label.log" >&2; exit 1; }
  cat "$tmp/time.out" >> "$tmp/$label"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
maxcol() { awk -v c="$1" 'BEGIN{m=0} {if ($c>m) m=$c} END {print m}'; }

if [ "$case_name" = changed-since ]; then
  pr="$tmp/pr"
  git worktree add --detach --quiet "$pr" HEAD
  trap 'git -C "$root" worktree remove --force "$pr" >/dev/null 2>&1; git -C "$root" worktree prune; rm -rf "$tmp"' EXIT
  ln -s "$root/node_modules" "$pr/node_modules"
  # One alarm in one environment: prod-data's RDS connections alarm fires above 450 instead of 400.
  alarms="$pr/modules/Data/DataAlarms.cs"
  sed -i 's/"DatabaseConnections", db, "Maximum", ">",$/"DatabaseConnections", db, "Maximum", ">", props.Name == "ecolaura-prod-data-alarm" ? 450 :/' "$alarms"
  git -C "$pr" diff --quiet && { echo "bench: the alarm edit did not apply to $alarms (was the alarm changed?)" >&2; exit 1; }
  env_args=()
  [ -n "$bench_env" ] && env_args=(--env "$bench_env")
  printf '%-22s %10s %12s  %s\n' "figure" "seconds" "peak MB" "what"
  for run in $(seq "$runs"); do
    load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
    ( cd "$pr" && ECOLAURA_BASE_SYNTH_CACHE="$tmp/base-cache" /usr/bin/time -f '%e %M' -o "$tmp/cs.time" \
        ./ecolaura plan --offline --changed-since HEAD --out "$tmp/plans-$run" ${env_args[@]+"${env_args[@]}"} >"$tmp/cs-$run.out" 2>"$tmp/cs-$run.err" ) \
      || [ $? -eq 2 ] || { cat "$tmp/cs-$run.err" "$tmp/cs-$run.out" >&2; exit 1; }
    read -r secs kb < <(tail -1 "$tmp/cs.time")  # GNU time writes "Command exited with non-zero status 2" first
    planned="$(awk '$2 == "plan" {print $1}' "$tmp/cs-$run.out" | paste -sd, -)"
    what="$([ "$run" = 1 ] && echo "cold base-synth cache, cold build of the worktree" || echo "base synth from the cache")"
    printf '%-22s %10.1f %12.0f  %s; planned: %s; load average before: %s, after: %s\n' "changed-since run $run" "$secs" "$((kb / 1024))" \
      "$what${bench_env:+, --env $bench_env}" "${planned:-none}" "$load_before" "$(cut -d' ' -f1-3 /proc/loadavg)"
    grep -h '^\[\(build\|synth\|plan\) [0-9:]*\] \(compiling\|done\|synthesizing\|.*cached\|[0-9]* stack\|prod-data:\)' "$tmp/cs-$run.err" | sed 's/^/    /' >&2 || true
  done
  [ "$(awk '$2 == "plan"' "$tmp/cs-1.out" | wc -l)" -eq 1 ] || { echo "bench: expected one stack selected:" >&2; cat "$tmp/cs-1.out" >&2; exit 1; }
  exit 0
fi

printf '%-14s %10s %12s  %s\n' "figure" "seconds" "peak MB" "what" 
if [ "$skip_cold" = false ]; then
  echo "[bench] cold set-up: fresh clone with an empty cache (several minutes)…" >&2
  git clone -q "$root" "$tmp/clone"
  ( cd "$tmp/clone" && ECOLAURA_CACHE_DIR="$tmp/cache" /usr/bin/time -f '%e %M' -o "$tmp/cold.time" ./ecolaura setup >"$tmp/cold.log" 2>&1 ) \
    || { cat "$tmp/cold.log" >&2; exit 1; }
  read -r secs kb < "$tmp/cold.time"
  printf '%-14s %10.1f %12.0f  %s\n' "cold set-up" "$secs" "$((kb / 1024))" "npm ci + jsii-pacmak of 5 packages"
  rm -rf "$tmp/clone" "$tmp/cache"
fi

for _ in $(seq "$runs"); do measure warm scripts/setup.sh; done
printf '%-14s %10.2f %12.0f  %s\n' "warm set-up" "$(cut -d' ' -f1 "$tmp/warm" | median)" "$(( $(maxcol 2 < "$tmp/warm") / 1024 ))" "no-op set-up, median of $runs"

app=(dotnet "$(ecolaura_app_dll)")
# processes LOG: how many processes the synth of LOG ran in (its progress line), e.g. "2 processes"
processes() { grep -o 'in [0-9]* processes' "$1" | head -1 | sed 's/^in //' || true; }
for _ in $(seq "$runs"); do
  measure full "${app[@]}" synth --out "$tmp/full.out"
  measure full1 env ECOLAURA_SYNTH_PROCESSES=1 "${app[@]}" synth --out "$tmp/full1.out"
  sed -n 's/.*\] CDKTF wrote [0-9]* workspaces in \([0-9.]*\) s$/\1/p' "$tmp/full1.log" >> "$tmp/cdktf"
  measure floor "${app[@]}" floor --out "$tmp/floor.out"
done
diff -r "$tmp/full.out" "$tmp/full1.out" >/dev/null || { echo "bench: the synth in $(processes "$tmp/full.log") differs from the one in one process:" >&2; diff -r "$tmp/full.out" "$tmp/full1.out" | head -20 >&2; exit 1; }
full="$(cut -d' ' -f1 "$tmp/full" | median)"
full1="$(cut -d' ' -f1 "$tmp/full1" | median)"
floor="$(cut -d' ' -f1 "$tmp/floor" | median)"
stacks="$(ls "$tmp/full.out/stacks" | wc -l)"
resources="$(grep -ho '"//": {' -r "$tmp/full.out/stacks" --include=cdk.tf.json | wc -l)"
printf '%-14s %10.2f %12.0f  %s\n' "full synth" "$full" "$(( $(maxcol 2 < "$tmp/full") / 1024 ))" "$stacks workspaces, $(processes "$tmp/full.log" | grep . || echo "1 process"), median of $runs"
printf '%-14s %10.2f %12.0f  %s\n' "full, 1 proc" "$full1" "$(( $(maxcol 2 < "$tmp/full1") / 1024 ))" "ECOLAURA_SYNTH_PROCESSES=1, paired with the above; outputs identical"
printf '%-14s %10.2f %12.0f  %s\n' "floor synth" "$floor" "$(( $(maxcol 2 < "$tmp/floor") / 1024 ))" "1 stack, 1 resource, median of $runs"
ratio="$(awk -v a="$full" -v b="$floor" 'BEGIN {printf "%.2f", a / b}')"
ratio1="$(awk -v a="$full1" -v b="$floor" 'BEGIN {printf "%.2f", a / b}')"
printf '%-14s %10s %12s  %s\n' "ratio" "$ratio" "" "full / floor (goal ≤ 1.5); in one process: $ratio1"
# CDKTF's own synth step (App.Synth(): one jsii call, all in Node.js) inside the one-process full synth, against what the
# 1.5 × floor goal leaves above the floor (0.5 × floor) for composing every resource and this step together.
[ -s "$tmp/cdktf" ] || { echo "bench: the one-process synth printed no 'CDKTF wrote N workspaces in X s' line ($tmp/full1.log)" >&2; exit 1; }
cdktf="$(median < "$tmp/cdktf")"
printf '%-14s %10.2f %12s  %s\n' "cdktf synth" "$cdktf" "" "CDKTF's synth step in 'full, 1 proc' (Node.js), median of $runs; the goal leaves $(awk -v z="$floor" 'BEGIN {printf "%.2f", z / 2}') s above the floor for all of composing and this"

# Per environment: prod alone against the floor plus prod's share of the work above the floor.
for _ in $(seq "$runs"); do measure prod "${app[@]}" synth --env prod --out "$tmp/prod.out"; done
prod="$(cut -d' ' -f1 "$tmp/prod" | median)"
prod_resources="$(grep -ho '"//": {' -r "$tmp/prod.out/stacks" --include=cdk.tf.json | wc -l)"
budget="$(awk -v z="$floor" -v f="$full1" -v p="$prod_resources" -v a="$resources" 'BEGIN {printf "%.2f", z + (f - z) * p / a}')"
printf '%-14s %10.2f %12.0f  %s\n' "prod only" "$prod" "$(( $(maxcol 2 < "$tmp/prod") / 1024 ))" "$(ls "$tmp/prod.out/stacks" | wc -l) workspaces, $prod_resources of $resources resources; budget floor + share = $budget s"

# Scale: ten environments from a generated override file, against the three embedded ones (one run each: minutes).
"${app[@]}" sample-config --environments 10 > "$tmp/ten.json"
measure ten "${app[@]}" synth --config "$tmp/ten.json" --out "$tmp/ten.out"
measure ten1 env ECOLAURA_SYNTH_PROCESSES=1 "${app[@]}" synth --config "$tmp/ten.json" --out "$tmp/ten1.out"
diff -r "$tmp/ten.out" "$tmp/ten1.out" >/dev/null || { echo "bench: the ten-environment synth in $(processes "$tmp/ten.log") differs from the one in one process" >&2; exit 1; }
ten="$(cut -d' ' -f1 "$tmp/ten" | median)"
ten1="$(cut -d' ' -f1 "$tmp/ten1" | median)"
printf '%-14s %10.2f %12.0f  %s\n' "10 envs" "$ten" "$(( $(maxcol 2 < "$tmp/ten") / 1024 ))" "$(ls "$tmp/ten.out/stacks" | wc -l) workspaces, $(processes "$tmp/ten.log" | grep . || echo "1 process"), 1 run"
printf '%-14s %10.2f %12.0f  %s\n' "10 envs, 1 pr" "$ten1" "$(( $(maxcol 2 < "$tmp/ten1") / 1024 ))" "ECOLAURA_SYNTH_PROCESSES=1, 1 run; outputs identical"
awk -v t="$ten" -v f="$full" -v t1="$ten1" -v f1="$full1" -v z="$floor" 'BEGIN {printf "%-14s %10s %12s  per environment above the floor: %.2f s with 3, %.2f s with 10 (in one process: %.2f s, %.2f s)\n", "growth", "", "", (f - z) / 3, (t - z) / 10, (f1 - z) / 3, (t1 - z) / 10}'

if [ "$suite" = true ]; then
  echo "[bench] test suite: ./ecolaura test, every tier (minutes)…" >&2
  # Every terraform command the suite runs goes through a shim that records its CPU (user + system, GNU time: its
  # provider processes included, as terraform waits for them): the terraform tiers' CPU bounds the suite's wall time
  # from below on this machine's cores, whatever the scheduling.
  mkdir -p "$tmp/shim"
  real_terraform="$(command -v terraform)" || { echo "bench: terraform is not on PATH" >&2; exit 1; }
  printf '#!/usr/bin/env bash\nexec /usr/bin/time -a -o %q -f "%%U %%S %%C" %q "$@"\n' "$tmp/terraform.cpu" "$real_terraform" > "$tmp/shim/terraform"
  chmod +x "$tmp/shim/terraform"
  : > "$tmp/terraform.cpu"
  start=$(date +%s.%N)
  PATH="$tmp/shim:$PATH" ./ecolaura test >"$tmp/suite.log" 2>&1 || true
  secs="$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {printf "%.0f", e - s}')"
  printf '%-14s %10s %12s  %s\n' "test suite" "$secs" "" "$(tail -1 "$tmp/suite.log") (goal ≤ 360 s)"
  cores="$(nproc)"
  # GNU time's "%C" is the terraform path (no spaces: command -v found it) and its arguments: $4 is the command verb.
  # Lines such as "Command exited with non-zero status 1" are not figures and are skipped.
  verbs="$(awk '$1 ~ /^[0-9.]+$/ && $2 ~ /^[0-9.]+$/ {k[$4]++; t[$4] += $1 + $2} END {for (v in k) printf "%.0f %s %d\n", t[v], v, k[v]}' "$tmp/terraform.cpu" \
    | sort -rn | awk '{printf " %s %d (%d s)", $2, $3, $1}')"
  awk -v c="$cores" -v verbs="$verbs" '$1 ~ /^[0-9.]+$/ && $2 ~ /^[0-9.]+$/ {n++; cpu += $1 + $2}
    END {printf "%-14s %10.0f %12s  %d terraform commands, CPU seconds (providers included); on %d cores at least %.0f s of the suite'"'"'s wall:%s\n", "terraform CPU", cpu, "", n, c, cpu / c, verbs}' "$tmp/terraform.cpu"
fi
