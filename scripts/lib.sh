# Sourced by ./ecolaura and scripts/*.sh: every version and path here is read from the one file that owns it,
# never repeated. tests/Shared/... (VersionSourcesTests) checks that these answers agree with what MSBuild and npm use.
#
#   ecolaura_tfm          target framework        <TargetFramework> in Directory.Build.props (e.g. net10.0)
#   ecolaura_app_dll      the built app           main/bin/Release/<tfm>/Ecolaura.Tf.App.dll
#   ecolaura_node_package Node.js runtime package the "node-<os>-<arch>" dependency in package.json
#   ecolaura_node_bin     its bin folder          node_modules/<that package>/bin
#   scripts/bindings.js   C# binding packages     Directory.Packages.props ids × the jsii metadata of package.json's npm packages

ecolaura_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

ecolaura_tfm() {
  local tfm
  tfm="$(sed -n 's:.*<TargetFramework>\([^<]*\)</TargetFramework>.*:\1:p' "$ecolaura_root/Directory.Build.props" | head -1)"
  [ -n "$tfm" ] || { echo "ecolaura: no <TargetFramework> in Directory.Build.props" >&2; return 1; }
  printf '%s\n' "$tfm"
}

ecolaura_app_dll() {
  local tfm
  tfm="$(ecolaura_tfm)" || return 1
  printf '%s\n' "$ecolaura_root/main/bin/Release/$tfm/Ecolaura.Tf.App.dll"
}

ecolaura_node_package() {
  local package
  package="$(sed -n 's/^[[:space:]]*"\(node-[a-z0-9]*-[a-z0-9]*\)"[[:space:]]*:.*/\1/p' "$ecolaura_root/package.json" | head -1)"
  [ -n "$package" ] || { echo "ecolaura: package.json has no node-<os>-<arch> dependency (the Node.js runtime)" >&2; return 1; }
  printf '%s\n' "$package"
}

ecolaura_node_bin() {
  local package
  package="$(ecolaura_node_package)" || return 1
  printf '%s\n' "$ecolaura_root/node_modules/$package/bin"
}
