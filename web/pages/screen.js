// Screening: one structure (SMILES, CAS RN, name, or a molfile) with its
// verdict and depiction, or a file of inputs (SMILES lines, CSV, SDF) sent
// to POST /api/v1/screen/file, read by the server as the command line reads
// it, with the results downloadable as CSV.

const sizeWords = (n) => (n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB` : n >= 1024 ? `${Math.round(n / 1024)} kB` : `${n} bytes`);
import { post, sendForm } from '../api.js';
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

// The columns a CSV file's header names, read in the browser only to offer
// the choice of column: the server reads the file itself, with the command
// line's reader. Null when the header cannot be read here (a zstd file).
async function csvHeader(file) {
  const name = file.name.toLowerCase();
  let blob = file.slice(0, 65536);
  if (name.endsWith('.zst') || name.endsWith('.zstd')) return null;
  if (name.endsWith('.gz')) {
    if (typeof DecompressionStream === 'undefined') return null;
    try {
      const reader = file.stream().pipeThrough(new DecompressionStream('gzip')).getReader();
      const { value } = await reader.read();
      reader.cancel().catch(() => {});
      blob = new Blob([value || new Uint8Array()]);
    } catch { return null; }
  }
  const text = (await blob.text()).replace(/^\uFEFF/, '');
  const line = text.split(/\r?\n/).find((l) => l.trim()) || '';
  const delimiter = /\.tsv(\.gz)?$/.test(name) ? '\t' : ',';
  const cells = [];
  let cell = '', quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { cell += '"'; i += 1; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) { cells.push(cell); cell = ''; } else cell += c;
  }
  cells.push(cell);
  return cells.map((c) => c.trim()).filter(Boolean);
}

const isCsvName = (name) => /\.(csv|tsv)(\.gz|\.zst|\.zstd)?$/i.test(name);

// A record's input for the table: a molfile by its structure, not its text.
function shownInput(r) {
  const text = r.input_type === 'molfile' || (r.input || '').includes('M  END')
    ? ((r.structure && r.structure.smiles) || (r.input || '').split('\n')[0] || 'molfile')
    : (r.input || '');
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

// Why a record has its verdict, in words: the error, or what it matched.
function reasonOf(r) {
  if (r.status !== 'ok') return r.error || label_status(r.status);
  const names = new Set();
  for (const j of Object.values(r.jurisdictions || {}))
    for (const m of j.matches || []) if (m.rule !== 'similarity') names.add(m.name);
  return names.size ? [...names].join('; ') : 'no listing matched';
}
const label_status = (s) => (s === 'unresolved' ? 'could not be resolved to a structure' : s);

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

  const file = h('input', { type: 'file', name: 'batch', accept: '.txt,.smi,.csv,.tsv,.sdf,.sd,.mol,.gz,.zst,text/plain,text/csv' });
  const columnSlot = h('div', { class: 'columns' });
  const batchAsOf = input({ type: 'date', name: 'batch_as_of', value: today() });
  const progress = h('div', { class: 'progress', 'aria-live': 'polite' });
  const batchOut = h('div', { 'aria-live': 'polite' });
  let smilesColumn = null, idColumn = null;
  // A CSV file: its header's columns offered for the inputs and the ids.
  file.addEventListener('change', async () => {
    smilesColumn = idColumn = null;
    columnSlot.replaceChildren();
    const f = file.files[0];
    if (!f || !isCsvName(f.name)) return;
    const columns = await csvHeader(f);
    if (columns && columns.length) {
      const guess = columns.find((c) => /^smiles$/i.test(c)) || columns.find((c) => /smiles|structure/i.test(c)) || columns[0];
      smilesColumn = select(columns, { name: 'smiles_column', value: guess });
      idColumn = select([['', '(line number)'], ...columns], { name: 'id_column', value: columns.find((c) => /^id$/i.test(c)) || '' });
    } else {
      smilesColumn = input({ name: 'smiles_column', value: 'smiles' });
      idColumn = input({ name: 'id_column', placeholder: '(line number)' });
    }
    columnSlot.replaceChildren(
      field('Column with the structures', smilesColumn, { field: 'smiles_column', hint: 'The column of SMILES (or CAS RNs, names) to screen' }),
      field('Column naming each row', idColumn, { field: 'id_column' }));
  });
  const batch = h('form', { class: 'card', 'aria-labelledby': 'sb-h' },
    h('h2', { id: 'sb-h' }, 'Batch screening'), formError(),
    field('File of inputs', file, { field: 'file', hint: 'SMILES lines, CSV with a header (choose its column), or SDF; plain, gzip or zstd. Read on the server as `precursor screen` reads it.' }),
    columnSlot,
    jurisdictionPicker('batch'),
    field('As of', batchAsOf, { field: 'as_of' }),
    h('button', { type: 'submit' }, 'Screen file'),
    progress);
  onSubmit(batch, async () => {
    const f = file.files[0];
    if (!f) throw { field: 'file', reason: 'Choose a file.' };
    const form = new FormData();
    form.append('file', f, f.name);
    if (smilesColumn && smilesColumn.value) form.append('smiles_column', smilesColumn.value);
    if (idColumn && idColumn.value) form.append('id_column', idColumn.value);
    form.append('jurisdictions', picked(batch, 'batch').join(','));
    form.append('as_of', batchAsOf.value);
    // Upload progress, then the server's screening (its length unknown here).
    const bar = h('progress', { max: 100, value: 0, 'aria-label': 'Batch screening progress' });
    const words = h('span', {}, ` Sending ${sizeWords(f.size)}…`);
    progress.replaceChildren(bar, words);
    let r, timer = null;
    try {
      r = await sendForm('/api/v1/screen/file', form, (sent, total) => {
        bar.value = Math.round((100 * sent) / total);
        words.textContent = ` Sending: ${sizeWords(sent)} of ${sizeWords(total)}`;
        if (sent >= total && !timer) {
          // The server answers when every record is screened: the time so far.
          bar.removeAttribute('value');
          const started = Date.now();
          const tick = () => { words.textContent = ` Sent ${sizeWords(total)}; screening on the server (${Math.round((Date.now() - started) / 1000)} s)…`; };
          tick();
          timer = setInterval(tick, 1000);
        }
      });
    } finally {
      clearInterval(timer);
      progress.replaceChildren();
    }
    const results = r.results;
    if (csvUrl) URL.revokeObjectURL(csvUrl);  // the previous batch's download
    csvUrl = URL.createObjectURL(new Blob([resultsCsv(results)], { type: 'text/csv' }));
    const url = csvUrl;
    const sum = r.summary;
    const counts = ['controlled', 'watch', 'clear', 'unresolved', 'error'].filter((k) => sum[k]).map((k) => `${sum[k]} ${k}`).join(', ');
    batchOut.replaceChildren(
      h('p', { class: 'batch-summary' }, `${f.name}: ${sum.records} records screened (${counts}). `,
        h('a', { href: url, download: `screening-${batchAsOf.value}.csv`, class: 'button', id: 'download-csv' }, 'Download results (CSV)')),
      table(['Record', 'Input', 'Verdict', ...picked(batch, 'batch'), 'Why'], results.map((r) => [r.id, h('code', {}, shownInput(r)),
        badge(r.status === 'ok' ? r.verdict : r.status),
        ...picked(batch, 'batch').map((j) => (r.jurisdictions && r.jurisdictions[j] ? badge(r.jurisdictions[j].verdict) : '—')),
        h('span', { class: r.status === 'ok' ? '' : 'record-error' }, reasonOf(r))]), 'Batch results'));
    announce(`${sum.records} records screened.`);
  });
  return h('section', {}, one, out, batch, batchOut);
}
