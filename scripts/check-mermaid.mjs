// Parses Mermaid diagrams with the mermaid package itself (pinned in package.json), so a diagram that GitHub could not
// render fails a test. Arguments: .mmd files (one diagram each) or Markdown files (every ```mermaid block).
// Prints one line per diagram ("ok <where>" or "error <where>: <message>") and exits 1 when any fails.
// mermaid needs a DOM for its sanitizer even when it only parses, so jsdom provides one.
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });

const diagrams = [];
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, 'utf8');
  if (!file.endsWith('.md')) {
    diagrams.push({ where: file, text });
    continue;
  }
  const fence = /^```mermaid\n([\s\S]*?)^```$/gm;
  for (let match = fence.exec(text); match; match = fence.exec(text)) {
    const line = text.slice(0, match.index).split('\n').length;
    diagrams.push({ where: `${file}:${line}`, text: match[1] });
  }
}

let failed = 0;
for (const { where, text } of diagrams) {
  try {
    const result = await mermaid.parse(text);
    console.log(`ok ${where} (${result.diagramType})`);
  } catch (error) {
    failed++;
    console.log(`error ${where}: ${String(error.message ?? error).split('\n').join(' ')}`);
  }
}
console.log(`${diagrams.length} diagram(s), ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
