// Screening: one structure (SMILES, CAS RN, name, or a molfile) with its
// verdict and depiction, or a file of inputs screened in batches with the
// results downloadable as CSV.
import { post } from '../api.js';
import { meta } from '../meta.js';
import { h, field, input, textarea, select, formError, onSubmit, announce, badge, table, verdictView } from './ui.js';

const jurisdictions = () => meta().jurisdictions;
const today = () => meta().today;

function jurisdictionPicker(prefix) {
  return h('fieldset', { class: 'checks' }, h('legend', {}, 'Jurisdictions'),
    jurisdictions().map((j) => h('label', {}, h('input', { type: 'checkbox', name: `${prefix}-jur`, value: j, checked: true }), ` ${j}`)));
}
const picked = (form, prefix) => [...form.querySelectorAll(`input[name=${prefix}-jur]:checked`)].map((c) => c.value);

function csvCell(v) {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function resultsCsv(results) {
  const rows = [['id', 'input', 'status', 'verdict', ...jurisdictions().map((j) => `${j}_verdict`), 'matches', 'citations', 'error']];
  for (const r of results) {
    const js = r.jurisdictions || {};
    const matches = Object.values(js).flatMap((j) => j.matches || []);
    rows.push([r.id, r.input, r.status, r.verdict || '', ...jurisdictions().map((j) => (js[j] ? js[j].verdict : '')),
      [...new Set(matches.map((m) => m.name))].join('; '), [...new Set(matches.map((m) => m.citation))].join('; '), r.error || '']);
  }
  return rows.map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

// A file: one input per line, or CSV whose first column is the input (a
// header row named "input", "smiles", "cas" or "name" is skipped).
export function parseBatch(text) {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const first = (l) => (l.startsWith('"') ? l.slice(1, l.indexOf('"', 1)) : l.split(/[,\t]/)[0]).trim();
  const out = lines.map(first).filter(Boolean);
  if (out.length && /^(input|smiles|cas|name|structure)$/i.test(out[0])) out.shift();
  return out;
}

// OpenChemLib's structure editor (npm openchemlib, served from
// web/node_modules), loaded when the panel is first opened. The drawn
// structure goes into the text field as SMILES; pasting stays the
// keyboard-accessible way in.
const OCL_URL = '/node_modules/openchemlib/dist/openchemlib.js';

function drawPanel(text, type) {
  const host = h('div', { class: 'editor', id: 'structure-editor', role: 'application', 'aria-label': 'Structure editor (drawing with a pointer)' });
  const msg = h('p', { class: 'muted', 'aria-live': 'polite' });
  let editor = null, OCL = null;
  const use = h('button', { type: 'button', class: 'secondary', onclick: () => {
    if (!editor) return;
    const smiles = editor.getMolecule().toSmiles();
    if (!smiles) { msg.textContent = 'Draw a structure first.'; return; }
    text.value = smiles;
    type.value = 'smiles';
    msg.textContent = `Drawn structure copied to the field: ${smiles}`;
  } }, 'Use drawn structure');
  const load = h('button', { type: 'button', class: 'secondary', onclick: () => {
    if (!editor || !OCL) return;
    try {
      const mol = type.value === 'molfile' || text.value.includes('M  END') ? OCL.Molecule.fromMolfile(text.value) : OCL.Molecule.fromSmiles(text.value.trim());
      editor.setMolecule(mol);
      msg.textContent = 'Structure loaded into the editor.';
    } catch (e) { msg.textContent = `The editor cannot read it: ${e.message || e}`; }
  } }, 'Edit the field\'s SMILES');
  const panel = h('details', { class: 'draw' }, h('summary', {}, 'Draw a structure'), host, h('p', {}, use, ' ', load), msg);
  panel.addEventListener('toggle', async () => {
    if (!panel.open || editor) return;
    try {
      OCL = await import(OCL_URL);
      editor = new OCL.CanvasEditor(host);
    } catch (e) {
      msg.textContent = `The structure editor is not available (${e.message || e}); paste a SMILES instead.`;
    }
  });
  return panel;
}

export const screenPage = { view: () => screenView() };

let csvUrl = null;

function screenView() {
  const text = textarea({ name: 'input', rows: 3, placeholder: 'CC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1, 79099-07-3 or 4-anilino-N-phenethylpiperidine' });
  const type = select([['auto', 'Detect'], ['smiles', 'SMILES'], ['cas', 'CAS RN'], ['name', 'Name'], ['molfile', 'Molfile']], { name: 'input_type' });
  const asOf = input({ type: 'date', name: 'as_of', value: today() });
  const out = h('div', { class: 'result', 'aria-live': 'polite' });
  const editor = drawPanel(text, type);
  const one = h('form', { class: 'card', 'aria-labelledby': 'sc-h' },
    h('h1', { id: 'sc-h' }, 'Screen a substance'), formError(),
    field('Structure or identifier', text, { field: 'input', hint: 'Paste a SMILES, a CAS registry number, a name, or a molfile' }),
    field('Read as', type, { field: 'input_type' }),
    editor,
    jurisdictionPicker('one'),
    field('As of', asOf, { field: 'as_of' }),
    h('button', { type: 'submit' }, 'Screen'));
  onSubmit(one, async () => {
    const r = await post('/api/v1/screen', { input: text.value, input_type: type.value, jurisdictions: picked(one, 'one'), as_of: asOf.value });
    out.replaceChildren(h('h2', {}, `Result for ${r.input.length > 80 ? `${r.input.slice(0, 80)}…` : r.input}`), verdictView(r));
    announce(`Verdict: ${r.verdict || r.status}`);
  });

  const file = h('input', { type: 'file', name: 'batch', accept: '.txt,.csv,.smi,text/plain,text/csv' });
  const batchAsOf = input({ type: 'date', name: 'batch_as_of', value: today() });
  const batchOut = h('div', { 'aria-live': 'polite' });
  const batch = h('form', { class: 'card', 'aria-labelledby': 'sb-h' },
    h('h2', { id: 'sb-h' }, 'Batch screening'), formError(),
    field('File of inputs', file, { field: 'inputs', hint: 'One SMILES, CAS RN or name per line, or CSV with the input in the first column' }),
    jurisdictionPicker('batch'),
    field('As of', batchAsOf, { field: 'as_of' }),
    h('button', { type: 'submit' }, 'Screen file'));
  onSubmit(batch, async () => {
    const f = file.files[0];
    if (!f) throw { field: 'inputs', reason: 'choose a file' };
    const inputs = parseBatch(await f.text());
    if (!inputs.length) throw { field: 'inputs', reason: 'the file has no inputs' };
    const results = [];
    for (let i = 0; i < inputs.length; i += 500) {
      const chunk = inputs.slice(i, i + 500).map((input, k) => ({ id: String(i + k + 1), input }));
      const r = await post('/api/v1/screen', { inputs: chunk, jurisdictions: picked(batch, 'batch'), as_of: batchAsOf.value });
      results.push(...r.results);
    }
    if (csvUrl) URL.revokeObjectURL(csvUrl);  // the previous batch's download
    csvUrl = URL.createObjectURL(new Blob([resultsCsv(results)], { type: 'text/csv' }));
    const url = csvUrl;
    batchOut.replaceChildren(
      h('p', {}, `${results.length} inputs screened. `,
        h('a', { href: url, download: `screening-${batchAsOf.value}.csv`, class: 'button', id: 'download-csv' }, 'Download results (CSV)')),
      table(['#', 'Input', 'Verdict', ...jurisdictions()], results.map((r) => [r.id, r.input, badge(r.verdict || r.status),
        ...jurisdictions().map((j) => (r.jurisdictions && r.jurisdictions[j] ? badge(r.jurisdictions[j].verdict) : '—'))])));
    announce(`${results.length} inputs screened.`);
  });
  return h('section', {}, one, out, batch, batchOut);
}
