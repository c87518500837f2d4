#!/usr/bin/env node
// The C# binding packages scripts/setup.sh builds with jsii-pacmak, derived rather than listed: every package that
// Directory.Packages.props pins whose id is the .NET packageId in the jsii metadata of an npm dependency of
// package.json. Both versions must agree, so a version is changed in Directory.Packages.props and package.json together.
//
//   node scripts/bindings.js list   one line per binding, in jsii dependency order: "<npm name> <NuGet id> <version>"
//   node scripts/bindings.js key    what the binding feed is keyed by: "<npm>@<version> … jsii-pacmak@<version>"
//
// Exit 1 with the reason when a version disagrees or node_modules lacks a package (run npm ci first).
"use strict";
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const fail = (message) => {
  process.stderr.write(`bindings: ${message}\n`);
  process.exit(1);
};

const props = fs.readFileSync(path.join(root, "Directory.Packages.props"), "utf8");
const pinned = new Map();
for (const m of props.matchAll(/<PackageVersion\s+Include="([^"]+)"\s+Version="([^"]+)"\s*\/>/g)) {
  pinned.set(m[1], m[2]);
}

const installed = (name) => {
  const file = path.join(root, "node_modules", name, "package.json");
  if (!fs.existsSync(file)) fail(`node_modules/${name} is missing: run npm ci (./ecolaura setup)`);
  return JSON.parse(fs.readFileSync(file, "utf8"));
};

const declared = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).dependencies || {};
const bindings = [];
for (const [name, version] of Object.entries(declared)) {
  const pkg = installed(name);
  const id = pkg.jsii && pkg.jsii.targets && pkg.jsii.targets.dotnet && pkg.jsii.targets.dotnet.packageId;
  if (!id || !pinned.has(id)) continue;
  if (pinned.get(id) !== version || pkg.version !== version) {
    fail(`${id} is ${pinned.get(id)} in Directory.Packages.props but ${name} is ${version} in package.json` +
      ` (${pkg.version} installed): keep them equal`);
  }
  const peers = Object.keys(Object.assign({}, pkg.peerDependencies, pkg.dependencies));
  bindings.push({ name, id, version, peers, order: [...pinned.keys()].indexOf(id) });
}

// jsii dependency order (a package after the bindings it needs), ties in Directory.Packages.props order.
const ordered = [];
const pending = bindings.slice().sort((a, b) => a.order - b.order);
while (pending.length > 0) {
  const next = pending.findIndex((b) => b.peers.every((p) => !pending.some((o) => o.name === p)));
  if (next < 0) fail(`dependency cycle among ${pending.map((b) => b.name).join(", ")}`);
  ordered.push(pending.splice(next, 1)[0]);
}

const mode = process.argv[2];
if (mode === "list") {
  for (const b of ordered) console.log(`${b.name} ${b.id} ${b.version}`);
} else if (mode === "key") {
  // "recipe" names how scripts/setup.sh builds them (lazy-index entry point, compiler settings): bump it when that changes.
  console.log(ordered.map((b) => `${b.name}@${b.version}`)
    .concat(`jsii-pacmak@${installed("jsii-pacmak").version}`, "recipe@2-lazy-index").join(" "));
} else {
  fail("usage: node scripts/bindings.js list|key");
}
