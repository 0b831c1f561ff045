// Small DOM helpers shared by the pages: element builder, labelled inputs,
// server errors shown next to their field, and the verdict view.
import { depictUrl, download } from '../api.js';

export const DOC_TYPES = [['export_contract', 'Export contract'], ['proof_of_legal_business', "Proof of the importer's legal business"],
  ['import_permit', 'Import permit'], ['importer_guarantee', "Importer's guarantee"]];
const DOC_LABEL = Object.fromEntries(DOC_TYPES);

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k === 'value') el.value = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

let uid = 0;
const nextId = (p) => `${p}-${++uid}`;

// A labelled control. `field` is the API's name for it ("importer.name",
// "items[0].quantity"): a server error for that field is shown beside it.
export function field(label, control, { field: name, hint } = {}) {
  const id = control.id || (control.id = nextId('f'));
  const err = h('span', { class: 'field-error', id: `${id}-err`, 'aria-live': 'polite' });
  if (name) control.dataset.field = name;
  control.setAttribute('aria-describedby', `${id}-err${hint ? ` ${id}-hint` : ''}`);
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    control,
    hint ? h('span', { class: 'hint', id: `${id}-hint` }, hint) : null,
    err);
}

export const input = (attrs = {}) => h('input', { type: 'text', ...attrs });
export const textarea = (attrs = {}) => h('textarea', { rows: 3, ...attrs });
export function select(options, attrs = {}) {
  return h('select', attrs, options.map((o) => {
    const [value, label] = Array.isArray(o) ? o : [o, o];
    return h('option', { value, selected: attrs.value === value }, label);
  }));
}

export function clearErrors(form) {
  form.querySelectorAll('.field-error').forEach((e) => { e.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
  const s = form.querySelector('.form-error');
  if (s) s.textContent = '';
}

// Shows an ApiError beside its field (or in the form's summary); the typed
// values are never touched.
export function showError(form, err) {
  clearErrors(form);
  const summary = form.querySelector('.form-error');
  const problems = err.problems && err.problems.length ? err.problems : [{ field: err.field, reason: err.reason }];
  const unplaced = [];
  let first = null;
  for (const p of problems) {
    const target = p.field ? form.querySelector(`[data-field="${CSS.escape(p.field)}"]`) : null;
    if (!target) { unplaced.push(p.reason); continue; }
    target.setAttribute('aria-invalid', 'true');
    const slot = document.getElementById(`${target.id}-err`);
    if (slot) slot.textContent = p.reason;
    first = first || target;
  }
  if (first) first.focus();
  if (!summary) return;
  if (problems.length > 1) {
    summary.replaceChildren(h('span', {}, `${problems.length} things stop this:`),
      h('ul', {}, problems.map((p) => h('li', {}, p.reason))));
  } else {
    summary.textContent = first ? `Please correct: ${err.reason}` : unplaced.join(' ');
  }
}

export const formError = () => h('p', { class: 'form-error', role: 'alert', 'aria-live': 'assertive' });

// Runs `fn` on submit with the button disabled; errors go next to fields.
export function onSubmit(form, fn) {
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const btns = form.querySelectorAll('button[type=submit]');
    btns.forEach((b) => { b.disabled = true; });
    try {
      clearErrors(form);
      await fn(ev.submitter);
    } catch (err) {
      showError(form, err);
    } finally {
      btns.forEach((b) => { b.disabled = false; });
    }
  });
  return form;
}

export function announce(text) {
  const s = document.getElementById('status');
  s.textContent = text;
}

export const badge = (word, extra = '') => h('span', { class: `badge badge-${word} ${extra}` }, word || '—');

export function table(headers, rows, caption) {
  return h('table', {},
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, headers.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, c))))));
}

export function dl(pairs) {
  return h('dl', { class: 'kv' }, pairs.filter(Boolean).map(([k, v]) => [h('dt', {}, k), h('dd', {}, v ?? '—')]));
}

// Atom indices a match highlights: details.regions (lists of atom indices
// into the component) or details.atoms; none for a plain listing match.
function matchAtoms(m) {
  const d = m.details || {};
  const out = [];
  const add = (x) => { if (Number.isInteger(x)) out.push(x); else if (Array.isArray(x)) x.forEach(add); else if (x && typeof x === 'object') Object.values(x).forEach(add); };
  if (d.regions) add(d.regions);
  if (d.atoms) add(d.atoms);
  return [...new Set(out)];
}

export function depiction(smiles, atoms, legend) {
  const img = h('img', { class: 'depiction', alt: `Structure ${smiles}${atoms.length ? `, ${atoms.length} atoms highlighted` : ''}`, width: 360, height: 260 });
  depictUrl(smiles, atoms, legend).then((url) => { img.src = url; }).catch((e) => { img.alt = `No depiction: ${e.reason}`; });
  return h('figure', { class: 'depict' }, img, h('figcaption', {}, h('code', {}, smiles)));
}

// One screening result object: verdict per jurisdiction, matches with their
// reasons and citations, near misses, and the depiction.
export function verdictView(r) {
  if (!r) return h('p', {}, 'Not screened.');
  if (r.status !== 'ok') {
    return h('div', { class: 'verdict' }, h('p', {}, badge(r.status), ' ', r.error || ''));
  }
  const comps = (r.structure && r.structure.components) || [];
  const highlights = comps.map(() => new Set());
  const whole = comps.map(() => new Set());  // matched as a whole (listing by identity)
  const juris = Object.entries(r.jurisdictions || {});
  for (const [, j] of juris) for (const m of j.matches || []) {
    const i = m.component || 0;
    const atoms = matchAtoms(m);
    atoms.forEach((a) => highlights[i] && highlights[i].add(a));
    if (!atoms.length && whole[i]) whole[i].add(m.name);
  }
  const figures = comps.map((s, i) => depiction(s, [...highlights[i]],
    whole[i].size ? `listed as a whole: ${[...whole[i]].join(', ')}`.slice(0, 200) : ''));
  const blocks = juris.map(([code, j]) => h('section', { class: 'jur', 'aria-label': `${code} verdict` },
    h('h4', {}, code, ' ', badge(j.verdict)),
    (j.matches || []).length === 0 ? h('p', { class: 'muted' }, 'No match.') : null,
    (j.matches || []).map((m) => h('div', { class: 'match' },
      h('p', {}, badge(m.verdict), ' ', h('strong', {}, m.name), ` — ${m.list}`, m.category ? `, ${m.category}` : '',
        ` (${m.rule}${m.since ? `, since ${m.since}` : ''})`),
      h('p', {}, m.explanation),
      h('p', { class: 'citation' }, 'Citation: ', m.citation),
      m.clauses && m.clauses.length ? h('p', {}, 'Scope clauses: ', m.clauses.join(', ')) : null,
      m.details && m.details.path ? h('p', { class: 'path' }, 'Watch path: ',
        Array.isArray(m.details.path) ? m.details.path.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(' → ') : String(m.details.path)) : null,
      m.details && m.details.modifications ? h('p', {}, 'Modifications: ', JSON.stringify(m.details.modifications)) : null)),
    (j.near_misses || []).length ? h('details', {}, h('summary', {}, `${j.near_misses.length} near miss(es)`),
      h('ul', {}, j.near_misses.map((n) => h('li', {}, typeof n === 'string' ? n : `${n.name || n.entry || ''} ${n.explanation || n.reason || ''}`)))) : null));
  return h('div', { class: 'verdict' },
    h('p', {}, 'Overall: ', badge(r.verdict), ` as of ${r.as_of}`, r.input_type ? ` (read as ${r.input_type})` : ''),
    r.removed_fragments && r.removed_fragments.length ? h('p', {}, 'Removed: ', r.removed_fragments.join(', ')) : null,
    r.notes && r.notes.length ? h('p', { class: 'muted' }, r.notes.join('; ')) : null,
    h('div', { class: 'figures' }, figures),
    blocks);
}

// An application's documents, each downloadable by whoever may read it.
export function documentList(app) {
  if (!app.documents.length) return h('p', {}, 'No documents.');
  return h('ul', { class: 'documents' }, app.documents.map((d) => h('li', {},
    `${DOC_LABEL[d.type] || d.type}: `,
    h('button', { type: 'button', class: 'link', onclick: () => download(`/api/v1/applications/${app.id}/documents/${d.id}`, d.filename) },
      d.filename),
    ` (${d.size} bytes)`)));
}

// A field-by-field change between two revisions, in words.
function shown(v) {
  if (v === null || v === undefined || v === '') return '(none)';
  if (typeof v !== 'object') return String(v);
  if (v.filename) return `${DOC_LABEL[v.type] || v.type} ${v.filename}`;
  return Object.entries(v).filter(([, x]) => x !== null && x !== '' && !(Array.isArray(x) && !x.length))
    .map(([k, x]) => `${k.replaceAll('_', ' ')}: ${Array.isArray(x) ? x.join(', ') : shown(x)}`).join('; ') || '(none)';
}
export function changesView(changes, caption) {
  if (!changes.length) return h('p', { class: 'muted' }, `${caption}: nothing changed.`);
  return table(['Field', 'Before', 'After'], changes.map((c) => [c.field, shown(c.before), shown(c.after)]), caption);
}
