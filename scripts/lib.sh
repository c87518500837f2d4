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

# The up-to-date check of ./ecolaura, so a command whose app is already built does not start MSBuild (about 3 s even
# when nothing changed). The app's build inputs are listed one line per file (path, size, modification time in
# nanoseconds): the C# projects (main/, modules/, tools/, without their bin/ and obj/), what they embed or import
# (locks/, .terraform-version, Directory.Build.props/.targets, Directory.Packages.props, global.json, nuget.config) and
# the binding feed and jsii runtime they restore and copy (.bindings/feed, .bindings/jsii-runtime: link targets and
# files). The stamp (main/obj/ecolaura-app.stamp) holds the hash of that list taken before the last successful build
# and the hash of the build output folder's files taken after it; the build is skipped only while both still match.
# A file edited during a build, a build by other means (dotnet build, the tests) or a deleted output therefore leads
# to one more `dotnet build`, never to a stale app. Delete the stamp to force one.
ecolaura_app_stamp_file() {
  printf '%s\n' "$ecolaura_root/main/obj/ecolaura-app.stamp"
}

ecolaura_app_inputs_key() {
  (
    cd "$ecolaura_root" || exit 1
    {
      # A missing folder or file is simply not listed (set-up creates .bindings before any build), never an error.
      find main modules tools locks \( -name bin -o -name obj \) -prune -o -type f -printf '%p %s %T@\n' 2>/dev/null || true
      for file in .terraform-version Directory.Build.props Directory.Build.targets Directory.Packages.props global.json nuget.config; do
        if [ -e "$file" ]; then find "$file" -maxdepth 0 -printf '%p %s %T@\n'; fi
      done
      for link in .bindings/feed .bindings/jsii-runtime; do
        printf '%s -> %s\n' "$link" "$(readlink "$link" 2>/dev/null || true)"
        if [ -d "$link/" ]; then find "$link/" -maxdepth 1 -type f -printf '%p %s %T@\n'; fi
      done
    } | LC_ALL=C sort | sha256sum | cut -d' ' -f1
  )
}

ecolaura_app_outputs_key() {
  local dll
  dll="$(ecolaura_app_dll)" || return 1
  [ -f "$dll" ] || { echo "missing"; return 0; }
  find "$(dirname "$dll")" -maxdepth 1 -type f -printf '%p %s %T@\n' | LC_ALL=C sort | sha256sum | cut -d' ' -f1
}

# Succeeds when the stamp matches the current inputs and output (see above).
ecolaura_app_up_to_date() {
  local stamp outputs
  stamp="$(ecolaura_app_stamp_file)"
  [ -f "$stamp" ] || return 1
  outputs="$(ecolaura_app_outputs_key)" || return 1
  [ "$outputs" != missing ] || return 1
  [ "$(cat "$stamp")" = "$(ecolaura_app_inputs_key) $outputs" ]
}

# Records a successful build: $1 is the inputs key taken before it started.
ecolaura_app_stamp() {
  local stamp
  stamp="$(ecolaura_app_stamp_file)"
  mkdir -p "$(dirname "$stamp")"
  printf '%s %s\n' "$1" "$(ecolaura_app_outputs_key)" > "$stamp.tmp.$$" && mv -f "$stamp.tmp.$$" "$stamp"
}
