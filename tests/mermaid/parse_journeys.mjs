// Parses Mermaid journey diagrams with mermaid's own pipeline (preprocessing, entity encoding, the
// journey grammar) and prints what mermaid read, one JSON object per input, as a JSON array.
// Usage: node tests/mermaid/parse_journeys.mjs < input.json   (input: a JSON array of diagram texts)
// Output items: {ok, title, accTitle, accDescr, sections, tasks: [{section, task, score, people}]} or
// {ok: false, error}. Text is as mermaid's parser hands it to the renderer (entities still encoded as
// mermaid's placeholders, decoded here back to "&#NN;"/"&name;" as mermaid's decodeEntities does).
import { readFileSync } from 'node:fs';
import { Window } from 'happy-dom';

// mermaid sanitises titles with DOMPurify, which needs a DOM: give it happy-dom's (a dev dependency already).
const window = new Window();
globalThis.window = window;
globalThis.document = window.document;
const { default: mermaid } = await import('mermaid');

// The front matter title is applied by mermaid.render (Diagram.fromText(code, {title})); parse() drops
// it, so read it with mermaid's own regex and YAML's JSON schema subset (titles are plain scalars).
const FRONT_MATTER = /^-{3}\s*[\n\r](.*?)[\n\r]-{3}\s*[\n\r]+/s;

function frontMatterTitle(text) {
  const match = text.replace(/\r\n?/g, '\n').match(FRONT_MATTER);
  if (!match) return undefined;
  const line = match[1].split('\n').find((l) => /^title\s*:/.test(l));
  if (!line) return undefined;
  let value = line.replace(/^title\s*:\s*/, '').trim();
  if (/^".*"$/.test(value)) value = JSON.parse(value);
  else if (/^'.*'$/.test(value)) value = value.slice(1, -1).replace(/''/g, "'");
  return value || undefined;
}

const decode = (s) => s.replace(/ﬂ°°/g, '&#').replace(/ﬂ°/g, '&').replace(/¶ß/g, ';');

mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
const texts = JSON.parse(readFileSync(0, 'utf8'));
const out = [];
for (const text of texts) {
  try {
    const parsed = await mermaid.parse(text);
    if (parsed.diagramType !== 'journey') throw new Error(`not a journey: ${parsed.diagramType}`);
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(text, { title: frontMatterTitle(text) });
    const db = diagram.db;
    out.push({
      ok: true,
      title: decode(db.getDiagramTitle()),
      accTitle: decode(db.getAccTitle()),
      accDescr: decode(db.getAccDescription()),
      sections: db.getSections().map(decode),
      tasks: db.getTasks().map((t) => ({
        section: decode(t.section),
        task: decode(t.task),
        score: Number.isNaN(t.score) ? null : t.score,
        people: t.people.map(decode),
      })),
    });
  } catch (error) {
    out.push({ ok: false, error: String(error?.message ?? error).slice(0, 300) });
  }
}
process.stdout.write(JSON.stringify(out));
