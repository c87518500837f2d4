#!/usr/bin/env bash
# Installs what Ecolaura.Tf needs, only when it is missing:
#   1. the npm packages pinned in package.json / package-lock.json (CDKTF, providers, jsii-pacmak,
#      Node.js 22 for jsii, the cdktf CLI) into ./node_modules;
#   2. the C# bindings (HashiCorp.Cdktf*, Constructs: scripts/bindings.js derives the list from
#      Directory.Packages.props) built from those npm packages with jsii-pacmak into a NuGet folder feed kept in the
#      user cache (keyed by the binding versions), linked as .bindings/feed.
# A no-op re-run takes well under a second. Cold, provider-aws alone takes minutes and ~4.6 GB RAM.
#
# Environment: ECOLAURA_CACHE_DIR (default ${XDG_CACHE_HOME:-$HOME/.cache}/ecolaura-tf).
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
root="$ecolaura_root"
cd "$root"

# Progress goes to stderr, or to ECOLAURA_PROGRESS_FD (1 under the cdktf CLI, which shows stderr as errors).
say() { printf '[setup %s] %s\n' "$(date +%H:%M:%S)" "$*" >&"${ECOLAURA_PROGRESS_FD:-2}"; }

need() {
  command -v "$1" >/dev/null 2>&1 && return 0
  say "'$1' is missing: installing Debian package '$2'"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
  else
    echo "setup: '$1' is required; install the Debian package '$2'" >&2
    exit 1
  fi
}
need npm npm
need dotnet dotnet-sdk-10.0

lock_key="$(cat package.json package-lock.json | sha256sum | cut -c1-16)"
cache="${ECOLAURA_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ecolaura-tf}"

# 1. npm packages
stamp="node_modules/.ecolaura-lock-key"
if [ "$(cat "$stamp" 2>/dev/null)" != "$lock_key" ]; then
  say "installing npm packages from package-lock.json (about 30 s)"
  npm ci --no-audit --no-fund --loglevel=error >&"${ECOLAURA_PROGRESS_FD:-2}"
  echo "$lock_key" > "$stamp"
fi
node_bin="$(ecolaura_node_bin)"
[ -x "$node_bin/node" ] || { echo "setup: Node.js missing from ${node_bin%/bin} (the node-* package of package.json)" >&2; exit 1; }
export PATH="$node_bin:$PATH"

# The bindings every project restores: ids and versions from Directory.Packages.props, matched to the npm packages
# they are built from by their jsii metadata (scripts/bindings.js fails when a version disagrees).
# bindings.js's answers, remembered while nothing it reads changed (scripts/lib.sh: ecolaura_bindings_memo).
if memo="$(ecolaura_bindings_memo)"; then
  binding_key="$(head -1 <<< "$memo")"
  bindings="$(tail -n +2 <<< "$memo")"
else
  inputs_key="$(ecolaura_bindings_inputs_key)"
  bindings="$(node scripts/bindings.js list)"
  binding_key="$(node scripts/bindings.js key | sha256sum | cut -c1-16)"
  ecolaura_bindings_remember "$binding_key" "$bindings" "$inputs_key"
fi
packages=()
while read -r npm_name nuget_id version; do
  packages+=("$npm_name:$nuget_id.$version.nupkg")
done <<< "$bindings"

# The feed is keyed by what the bindings are built from, so adding an unrelated npm package does not rebuild them.
feed="$cache/feed-$binding_key"

# 2. C# bindings
missing=()
for entry in "${packages[@]}"; do
  [ -f "$feed/${entry#*:}" ] || missing+=("$entry")
done
if [ "${#missing[@]}" -gt 0 ]; then
  mkdir -p "$cache"
  work="$(mktemp -d "$cache/build.XXXXXX")"
  trap 'rm -rf "$work" "${stage:-}"; [ -n "${pacmak_pid:-}" ] && kill "$pacmak_pid" 2>/dev/null; true' EXIT
  # Providers are packed from a staged copy (hard links, under .bindings/stage so their peers still resolve from
  # ./node_modules) whose package.json "main" is the provider's own lib/lazy-index.js: the jsii runtime then loads a
  # resource's module when a program first uses it, instead of all ~1,500 modules of provider-aws at start-up
  # (seconds per process). Types, ids, versions and the C# API are unchanged; only the embedded tarball's entry point
  # differs. scripts/bindings.js puts this recipe into the feed key.
  stage="$root/.bindings/stage"
  rm -rf "$stage"
  dirs=()
  for entry in "${missing[@]}"; do
    name="${entry%%:*}"
    if [ -f "node_modules/$name/lib/lazy-index.js" ]; then
      mkdir -p "$stage/node_modules/$(dirname "$name")"
      cp -al "node_modules/$name" "$stage/node_modules/$name"
      rm "$stage/node_modules/$name/package.json"
      node -e 'const fs = require("fs"); const [from, to] = process.argv.slice(1);
        const pkg = JSON.parse(fs.readFileSync(from, "utf8")); pkg.main = "lib/lazy-index.js";
        fs.writeFileSync(to, JSON.stringify(pkg, null, 2) + "\n");' "node_modules/$name/package.json" "$stage/node_modules/$name/package.json"
      dirs+=("$stage/node_modules/$name")
    else
      dirs+=("node_modules/$name")
    fi
  done
  say "building ${#missing[@]} C# binding package(s) with jsii-pacmak: ${missing[*]%%:*}"
  say "cold build: 5 to 11 minutes on a 2-core machine (whole cold set-ups took 331-648 s, 2026-12-01/02) and ~4.9 GB peak; provider-aws dominates; later runs reuse $cache"
  start=$(date +%s)
  # -R also builds each package's jsii dependencies into the same folder so they resolve each other.
  # The C# compiler runs without analyzers and source generators (RunAnalyzers=false: they change nothing in the
  # assemblies of generated bindings) and with workstation GC (DOTNET_gcServer=0: csc defaults to server GC, whose
  # heaps cost gigabytes more on the 20,000-file provider-aws project).
  RunAnalyzers=false DOTNET_gcServer=0 \
    node_modules/.bin/jsii-pacmak -R -t dotnet -o "$work/out" "${dirs[@]}" >"$work/pacmak.log" 2>&1 &
  pacmak_pid=$!
  while kill -0 "$pacmak_pid" 2>/dev/null; do
    sleep 5
    elapsed=$(( $(date +%s) - start ))
    if [ $(( elapsed % 30 )) -lt 5 ]; then
      say "… still building bindings (${elapsed} s elapsed)"
    fi
  done
  if ! wait "$pacmak_pid"; then
    pacmak_pid=""
    tail -40 "$work/pacmak.log" >&2
    echo "setup: jsii-pacmak failed (log above)" >&2
    exit 1
  fi
  pacmak_pid=""
  say "bindings built in $(( $(date +%s) - start )) s"
  mkdir -p "$feed"
  for entry in "${missing[@]}"; do
    nupkg="${entry#*:}"
    found="$(find "$work/out" -name "$nupkg" | head -1)"
    [ -n "$found" ] || { echo "setup: jsii-pacmak did not produce $nupkg" >&2; exit 1; }
    # Copy then rename, so an interrupted copy never looks like a finished package.
    cp "$found" "$feed/.$nupkg.tmp" && mv "$feed/.$nupkg.tmp" "$feed/$nupkg"
  done
  rm -rf "$stage"
fi

mkdir -p .bindings
if [ "$(readlink .bindings/feed 2>/dev/null)" != "$feed" ]; then
  ln -sfn "$feed" .bindings/feed
fi

# NuGet never re-extracts an id and version it already holds, so a binding rebuilt with another recipe (same id and
# version, different content) would be shadowed by the old extraction in the global packages folder: drop every
# extraction whose recorded hash is not the feed package's. A check that passed is not repeated while neither file
# changed (scripts/lib.sh: ecolaura_extraction_checked; remembered below $cache/checked).
packages_dir="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
memos="$(ecolaura_extraction_memos "$cache" "$packages_dir")"
for entry in "${packages[@]}"; do
  nupkg="${entry#*:}"
  id_version="${nupkg%.nupkg}"
  while read -r _ nuget_id version; do
    [ "$nuget_id.$version" = "$id_version" ] || continue
    extracted="$packages_dir/${nuget_id,,}/$version"
    recorded="$extracted/${nuget_id,,}.$version.nupkg.sha512"
    [ -f "$recorded" ] || continue
    checked="$memos/${nuget_id,,}.$version"
    state="$(ecolaura_extraction_stat "$feed/$nupkg" "$recorded")"
    ecolaura_extraction_checked "$checked" "$state" && continue
    if [ "$(cat "$recorded")" != "$(openssl dgst -sha512 -binary "$feed/$nupkg" | base64 -w0)" ]; then
      say "dropping the stale extraction of $nuget_id $version (built by another recipe) from $packages_dir"
      rm -rf "$extracted"
    else
      ecolaura_extraction_remember "$checked" "$state"
    fi
  done <<< "$bindings"
done

# 3. The memoizing jsii .NET runtime (tools/JsiiRuntimePatch; Directory.Build.targets copies it into every app and test
# output): the NuGet Amazon.JSII.Runtime with its per-construction reflection look-ups memoized and a type cache that
# reads metadata (tools/JsiiTypeIndex, part of the key: the patched DLL calls it). Keyed by the
# runtime version and the patch's source; a few seconds when missing.
runtime_version="$(sed -n 's/.*PackageVersion Include="Amazon.JSII.Runtime" Version="\([^"]*\)".*/\1/p' Directory.Packages.props)"
patch_key="$( { echo "$runtime_version"; cat tools/JsiiRuntimePatch/Program.cs tools/JsiiRuntimePatch/JsiiRuntimePatch.csproj tools/JsiiTypeIndex/*.cs tools/JsiiTypeIndex/JsiiTypeIndex.csproj; } | sha256sum | cut -c1-16)"
patched="$cache/jsii-runtime-$patch_key"
if [ ! -f "$patched/Amazon.JSII.Runtime.dll" ]; then
  say "building the memoizing jsii runtime (Amazon.JSII.Runtime $runtime_version + tools/JsiiRuntimePatch)"
  log="$(mktemp)"
  if ! dotnet build tools/JsiiRuntimePatch/JsiiRuntimePatch.csproj -c Release -nologo -v quiet -tl:off >"$log" 2>&1; then
    cat "$log" >&2; rm -f "$log"
    echo "setup: building tools/JsiiRuntimePatch failed (log above)" >&2
    exit 1
  fi
  rm -f "$log"
  official="${NUGET_PACKAGES:-$HOME/.nuget/packages}/amazon.jsii.runtime/$runtime_version/lib/net6.0/Amazon.JSII.Runtime.dll"
  [ -f "$official" ] || { echo "setup: $official is missing after restoring tools/JsiiRuntimePatch" >&2; exit 1; }
  mkdir -p "$patched"
  dotnet "tools/JsiiRuntimePatch/bin/Release/$(ecolaura_tfm)/JsiiRuntimePatch.dll" "$official" "$patched/.Amazon.JSII.Runtime.dll.tmp" >/dev/null
  mv "$patched/.Amazon.JSII.Runtime.dll.tmp" "$patched/Amazon.JSII.Runtime.dll"
fi
if [ "$(readlink .bindings/jsii-runtime 2>/dev/null)" != "$patched" ]; then
  ln -sfn "$patched" .bindings/jsii-runtime
fi
