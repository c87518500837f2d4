#!/usr/bin/env bash
# Regenerates the provider dependency lock files of the repository, locks/<type>.terraform.lock.hcl, one per provider
# that the synthesized stacks require (at the exact version they pin). The app composes each stack folder's
# .terraform.lock.hcl from these files at synth.
#
# Usage: ./ecolaura lock [--platform OS_ARCH]… [--fs-mirror DIR]
#   --platform OS_ARCH  a platform to record hashes for (repeatable; default linux_amd64)
#   --fs-mirror DIR     take the providers from this filesystem mirror (default: $ECOLAURA_TF_PLUGIN_DIR if set,
#                       else the Terraform registry, which needs network access)
# Hashes already in a lock file for the same version are kept (terraform providers lock adds to the file it finds),
# so platforms are added one run at a time.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ecolaura_root"

platforms=()
mirror="${ECOLAURA_TF_PLUGIN_DIR:-}"
while [ $# -gt 0 ]; do
  case "$1" in
    --platform) [ $# -ge 2 ] || { echo "lock: --platform needs a value (e.g. linux_amd64)" >&2; exit 2; }; platforms+=("$2"); shift ;;
    --platform=*) platforms+=("${1#*=}") ;;
    --fs-mirror) [ $# -ge 2 ] || { echo "lock: --fs-mirror needs a folder" >&2; exit 2; }; mirror="$2"; shift ;;
    --fs-mirror=*) mirror="${1#*=}" ;;
    *) echo "lock: unknown argument '$1'; allowed: --platform OS_ARCH, --fs-mirror DIR" >&2; exit 2 ;;
  esac
  shift
done
[ "${#platforms[@]}" -gt 0 ] || platforms=(linux_amd64)
command -v terraform >/dev/null || { echo "lock: terraform is not on PATH (install $(cat .terraform-version))" >&2; exit 1; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
echo "[lock] synthesizing to read every stack's required_providers" >&2
./ecolaura synth --out "$tmp/cdktf.out" >/dev/null

# "<address> <version>" for every provider any stack requires
PATH="$(ecolaura_node_bin):$PATH" node -e '
  const fs = require("fs"), path = require("path");
  const dir = path.join(process.argv[1], "stacks"), seen = new Set();
  const address = s => { const p = s.toLowerCase().split("/");
    return p.length === 1 ? `registry.terraform.io/hashicorp/${p[0]}` : p.length === 2 ? `registry.terraform.io/${p[0]}/${p[1]}` : s.toLowerCase(); };
  for (const stack of fs.readdirSync(dir)) {
    const json = JSON.parse(fs.readFileSync(path.join(dir, stack, "cdk.tf.json"), "utf8"));
    for (const [name, p] of Object.entries((json.terraform || {}).required_providers || {})) seen.add(`${address(p.source || name)} ${p.version}`);
  }
  console.log([...seen].sort().join("\n"));' "$tmp/cdktf.out" > "$tmp/providers"

args=()
for platform in "${platforms[@]}"; do args+=("-platform=$platform"); done
[ -n "$mirror" ] && args+=("-fs-mirror=$mirror")
mkdir -p locks
while read -r address version; do
  [ -n "$address" ] || continue
  type="${address##*/}"
  work="$tmp/lock-$type"
  mkdir -p "$work"
  printf '{ "terraform": { "required_providers": { "%s": { "source": "%s", "version": "%s" } } } }\n' \
    "$type" "$address" "$version" > "$work/main.tf.json"
  target="locks/$type.terraform.lock.hcl"
  if [ -f "$target" ] && grep -q "version *= *\"$version\"" "$target"; then
    cp "$target" "$work/.terraform.lock.hcl"
  fi
  echo "[lock] $address $version for ${platforms[*]}${mirror:+ from $mirror}" >&2
  ( cd "$work" && CHECKPOINT_DISABLE=1 terraform providers lock -no-color "${args[@]}" >"$work/log" 2>&1 ) \
    || { cat "$work/log" >&2; echo "lock: terraform providers lock failed for $address $version" >&2; exit 1; }
  cp "$work/.terraform.lock.hcl" "$target"
done < "$tmp/providers"

for file in locks/*.terraform.lock.hcl; do
  [ -e "$file" ] || continue
  grep -q "^provider \"$(sed -n 's/^provider "\([^"]*\)".*/\1/p' "$file" | head -1)\"" <(sed 's/^\([^ ]*\) .*/provider "\1"/' "$tmp/providers") \
    || echo "[lock] note: $file locks a provider no stack requires any more; delete it if that is intended" >&2
done
echo "[lock] done: $(wc -l < "$tmp/providers") provider(s); commit locks/" >&2
