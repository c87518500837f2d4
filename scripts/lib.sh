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
# nanoseconds; symbolic links followed, as MSBuild reads through them): the C# projects (main/, modules/, tools/*/,
# without each project's own bin/ and obj/), what they embed or import (locks/, .terraform-version,
# Directory.Build.props/.targets/.rsp, Directory.Packages.props, global.json, nuget.config, .editorconfig and
# .globalconfig at the root) and the binding feed and jsii runtime they restore and copy (.bindings/feed,
# .bindings/jsii-runtime: link targets and files). The stamp (main/obj/ecolaura-app.stamp) holds the hash of that list
# taken before the last successful build and the hash of the build output folder's files taken after it; the build is
# skipped only while both still match. A build by other means (dotnet build, the tests) or a deleted output leads to
# one more `dotnet build`. An input saved while the compiler ran is not stamped, and is touched so that the next
# build's own timestamp check (MSBuild compares inputs with its obj/ outputs) compiles it too. Not seen: a same-size
# edit that also restores the file's modification time, files outside the repository (a parent folder's .editorconfig,
# another .NET SDK). Delete the stamp to force a build.
ecolaura_app_stamp_file() {
  printf '%s\n' "$ecolaura_root/main/obj/ecolaura-app.stamp"
}

# Runs find over the source folders' files (links followed; each project's own bin/ and obj/ left out) with the given
# tests and actions, in the repository root; a missing folder is not an error.
ecolaura_app_find_sources() {
  find -L main modules tools locks -regextype posix-extended -regex '(main|modules|tools/[^/]+)/(bin|obj)' -prune \
    -o -type f "$@" 2>/dev/null || true
}

# The listing itself (one line per input, unsorted), run in the repository root.
ecolaura_app_inputs() {
  # A missing folder or file is simply not listed (set-up creates .bindings before any build), never an error.
  ecolaura_app_find_sources -printf '%p %s %T@\n'
  local file link
  for file in .terraform-version Directory.Build.props Directory.Build.targets Directory.Build.rsp Directory.Packages.props \
    global.json nuget.config .editorconfig .globalconfig; do
    if [ -e "$file" ]; then find -L "$file" -maxdepth 0 -printf '%p %s %T@\n'; fi
  done
  for link in .bindings/feed .bindings/jsii-runtime; do
    printf '%s -> %s\n' "$link" "$(readlink "$link" 2>/dev/null || true)"
    if [ -d "$link/" ]; then find -L "$link/" -maxdepth 1 -type f -printf '%p %s %T@\n'; fi
  done
}

ecolaura_app_inputs_key() {
  ( cd "$ecolaura_root" || exit 1; ecolaura_app_inputs | LC_ALL=C sort | sha256sum | cut -d' ' -f1 )
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

# Replaces the file $1 with standard input in one rename, so a reader sees the old content or the new, never a part; on
# a failure the temporary file is removed and the status is non-zero.
ecolaura_replace_file() {
  { cat > "$1.tmp.$$" && mv -f "$1.tmp.$$" "$1"; } || { rm -f "$1.tmp.$$"; return 1; }
}

# Records a successful build: $1 is the inputs key taken before it started.
ecolaura_app_stamp() {
  local stamp
  stamp="$(ecolaura_app_stamp_file)"
  mkdir -p "$(dirname "$stamp")"
  printf '%s %s\n' "$1" "$(ecolaura_app_outputs_key)" | ecolaura_replace_file "$stamp"
}

# After a successful build: $1 is the inputs key taken before it started, $2 a file created just before that key.
# Stamps when no input changed meanwhile; otherwise removes the stamp and touches every input newer than $2, so the
# next command builds again and MSBuild's own check (inputs newer than its obj/ outputs) recompiles them.
ecolaura_app_built() {
  if [ "$(ecolaura_app_inputs_key)" = "$1" ]; then
    ecolaura_app_stamp "$1"
    return 0
  fi
  rm -f "$(ecolaura_app_stamp_file)"
  ( cd "$ecolaura_root" && ecolaura_app_find_sources -newer "$2" -exec touch {} + ) || true
}

# What scripts/bindings.js answers (`list` and `key`) is remembered in node_modules/.ecolaura-bindings, so a set-up with
# nothing to do starts no Node.js process. Its key is a hash of everything bindings.js reads: the script itself,
# Directory.Packages.props, package.json, the npm install stamp, and the size and modification time (nanoseconds, links
# followed) of npm's record of the installed tree (node_modules/.package-lock.json) and of every installed package.json
# directly below node_modules/ (scoped ones included), so a package removed, linked or edited by hand is seen too.
# Run in the repository root; a missing file is part of the key, never an error.
ecolaura_bindings_inputs_key() {
  {
    cat scripts/bindings.js Directory.Packages.props package.json node_modules/.ecolaura-lock-key 2>/dev/null || true
    stat -L -c '%n %s %.9Y' node_modules/.package-lock.json node_modules/*/package.json node_modules/@*/*/package.json 2>/dev/null || true
  } | sha256sum | cut -c1-16
}

# The remembered answer for the current inputs: the `key` line, then the `list` lines; fails when there is none.
ecolaura_bindings_memo() {
  local memo=node_modules/.ecolaura-bindings
  [ -f "$memo" ] && [ "$(head -1 "$memo")" = "$(ecolaura_bindings_inputs_key)" ] || return 1
  tail -n +2 "$memo"
}

# Remembers $1 (the key line) and $2 (the list) for the inputs key $3, taken before bindings.js ran. Best effort: a
# memo that cannot be written (read-only node_modules) only means bindings.js runs again next time.
ecolaura_bindings_remember() {
  local memo=node_modules/.ecolaura-bindings
  printf '%s\n%s\n%s\n' "$3" "$1" "$2" | ecolaura_replace_file "$memo" 2>/dev/null || true
}

# The stale-extraction check of scripts/setup.sh compares NuGet's recorded hash of an extracted binding package with
# the feed's package (openssl over every package: about 0.2 s). A check that passed is remembered in a file with the
# size and modification time (nanoseconds, links followed) that the feed package and NuGet's .nupkg.sha512 had when the
# check began, and not repeated while both are unchanged; a file replaced during the check is therefore checked again.
#   ecolaura_extraction_memos <cache> <packages folder>   the memo folder of that packages folder (named by a hash)
#   ecolaura_extraction_stat <feed package> <.nupkg.sha512>   the two files' state
#   ecolaura_extraction_checked <memo> <state>                succeeds when the memo holds that state
#   ecolaura_extraction_remember <memo> <state>               records it (best effort, never fails)
ecolaura_extraction_memos() {
  printf '%s/checked/%s\n' "$1" "$(printf '%s' "$2" | sha256sum | cut -c1-16)"
}
ecolaura_extraction_stat() {
  local state
  state="$(stat -L -c '%s %.9Y' "$1" "$2" 2>/dev/null)" || true
  printf '%s\n' "${state//$'\n'/ }"
}
ecolaura_extraction_checked() {
  local memo
  [ -f "$1" ] && read -r memo < "$1" && [ "$memo" = "$2" ]
}
ecolaura_extraction_remember() {
  { mkdir -p "$(dirname "$1")" && printf '%s\n' "$2" | ecolaura_replace_file "$1"; } 2>/dev/null || true
}
