// Small DOM helpers shared by the pages: element builder, labelled inputs,
// server errors shown next to their field, and the verdict view.
import { depictUrl, download } from '../api.js';
import { meta, label, countryName } from '../meta.js';

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
    if (slot) slot.textContent = localTimes(p.reason);
    first = first || target;
  }
  if (first) first.focus();
  if (!summary) return;
  if (problems.length > 1) {
    summary.replaceChildren(h('span', {}, `${problems.length} things stop this:`),
      h('ul', {}, problems.map((p) => h('li', {}, localTimes(p.reason)))));
  } else {
    summary.textContent = localTimes(first ? `Please correct: ${err.reason}` : unplaced.join(' '));
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
      form.dataset.done = 'true';  // what was typed here is used up
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
// A status badge that reads as words ("Under review") and styles by code.
export const statusBadge = (vocabulary, code) => h('span', { class: `badge badge-${code}` }, label(vocabulary, code) || '—');

// A server timestamp (UTC, ISO 8601) in the reader's own time zone; the
// exact UTC value is in the tooltip.
export function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return h('time', { datetime: iso, title: iso },
    d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }));
}

// A server message with its UTC timestamps ("until 2026-12-22T16:37:22Z")
// in the reader's own time, as every other time on the pages.
export function localTimes(text) {
  if (typeof text !== 'string') return text;
  return text.replace(/\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(\.\d+)?Z\b/g, (iso) => {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  });
}

// A country field: type a code or a name ("Germany"); the ISO list is offered
// as suggestions and the chosen country named beside the field.
export function countryInput(attrs = {}) {
  if (!document.getElementById('iso-countries') && meta()) {
    document.body.append(h('datalist', { id: 'iso-countries' },
      meta().countries.map((c) => h('option', { value: c.code }, c.name))));
  }
  const el = h('input', { type: 'text', list: 'iso-countries', autocomplete: 'off', size: 24, placeholder: 'e.g. DE or Germany', ...attrs });
  return el;
}
export const countryLabel = (code) => (code ? `${countryName(code)} (${code})` : '—');

// What a person typed into the forms of a page, by form and field, so a page
// built again after an action keeps it (the form that was just sent is not kept).
export function snapshotForms(root) {
  const out = new Map();
  root.querySelectorAll('form').forEach((form, i) => {
    if (form.dataset.done) return;
    const key = form.getAttribute('aria-label') || form.getAttribute('aria-labelledby') || `form-${i}`;
    const values = new Map();
    form.querySelectorAll('input[name], textarea[name], select[name]').forEach((c) => {
      if (c.type === 'file' || c.type === 'radio' || c.type === 'checkbox') return;
      if (c.value !== c.defaultValue) values.set(c.name, c.value);
    });
    if (values.size) out.set(key, values);
  });
  return out;
}
export function restoreForms(root, snapshot) {
  root.querySelectorAll('form').forEach((form, i) => {
    const key = form.getAttribute('aria-label') || form.getAttribute('aria-labelledby') || `form-${i}`;
    const values = snapshot.get(key);
    if (!values) return;
    for (const [name, value] of values) {
      const c = form.querySelector(`[name="${CSS.escape(name)}"]`);
      if (c) c.value = value;
    }
  });
}

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

// A structure drawn by the server with the matched atoms highlighted; the
// caption (what matched and how) is page text under it, readable at any
// size and by a screen reader, not letters inside the picture.
export function depiction(smiles, atoms, caption) {
  const img = h('img', { class: 'depiction', alt: `Structure ${smiles}${atoms.length ? `, ${atoms.length} atoms highlighted` : ''}`, width: 360, height: 260 });
  depictUrl(smiles, atoms).then((url) => {
    img.addEventListener('load', () => URL.revokeObjectURL(url), { once: true });
    img.src = url;
  }).catch((e) => { img.alt = `No depiction: ${e.reason}`; });
  return h('figure', { class: 'depict' }, img,
    h('figcaption', {}, caption ? h('span', { class: 'caption' }, caption) : null, caption ? h('br') : null, h('code', {}, smiles)));
}

// How a match came about, in words: the steps of a watch path, the
// modifications a class allows, a similarity score.
function pathView(path) {
  return h('ol', { class: 'path' }, path.map((st) => h('li', {},
    h('strong', {}, st.label || st.step), st.co_reactant ? ` with ${st.co_reactant}` : '', ' → ', h('code', {}, st.product),
    st.chemistry ? h('div', { class: 'muted small' }, st.chemistry) : null)));
}

function modificationsView(mods) {
  return h('ul', { class: 'modifications' }, mods.map((x) => h('li', {},
    x.clause ? h('strong', {}, `Clause ${x.clause}`) : null, x.region ? ` (${x.region.replaceAll('_', ' ')})` : '',
    x.clause || x.region ? ': ' : '', x.text || '')));
}

function matchView(m) {
  const d = m.details || {};
  if (m.rule === 'similarity') {
    // Context, never a verdict: no badge, and the listing named as what it
    // resembles, not as what this is.
    return h('div', { class: 'match context' },
      h('p', {}, h('span', { class: 'context-tag' }, 'Context'), ' resembles ', h('strong', {}, m.name),
        ` (listed: ${m.list}${m.category ? `, ${m.category}` : ''})`,
        d.score !== undefined ? `, Tanimoto similarity ${Number(d.score).toFixed(2)}` : '',
        h('span', { class: 'muted' }, ' — similarity alone decides nothing')));
  }
  const parts = [
    h('p', {}, badge(m.verdict), ' ', h('strong', {}, m.name), ` — ${m.list}`, m.category ? `, ${m.category}` : '',
      ` (${RULE_WORDS[m.rule] || m.rule}${m.since ? `, since ${m.since}` : ''})`),
  ];
  if (m.rule === 'conversion' && Array.isArray(d.path)) {
    parts.push(h('p', {}, `One conversion from ${m.name}:`), pathView(d.path));
    if (d.target && d.target.explanation) parts.push(h('p', {}, d.target.explanation));
  } else {
    parts.push(h('p', {}, m.explanation));
  }
  parts.push(h('p', { class: 'citation' }, 'Citation: ', m.citation));
  if (m.clauses && m.clauses.length) parts.push(h('p', {}, 'Scope clauses relied on: ', m.clauses.join(', ')));
  if (Array.isArray(d.modifications) && d.modifications.length) parts.push(h('p', {}, 'Changes from the parent, each allowed by a clause:'), modificationsView(d.modifications));
  return h('div', { class: 'match' }, parts);
}

const RULE_WORDS = { listing: 'listed', family: 'family wording', class: 'class definition', conversion: 'one step away' };

// The caption under a component's depiction: what matched it and how —
// listed as a whole, a member of a class or family, one step from a
// listed substance (watch), or only similar (context).
export function captionFor(matches) {
  const words = [];
  for (const m of matches) {
    if (m.rule === 'listing') words.push(`listed as a whole: ${m.name}`);
    else if (m.rule === 'class' || m.rule === 'family') words.push(`class member: ${m.name}`);
    else if (m.rule === 'conversion') words.push(`watch, one step from ${m.name}`);
  }
  if (!words.length) {
    const similar = matches.filter((m) => m.rule === 'similarity').map((m) => m.name);
    if (similar.length) words.push(`similar to ${similar[0]} (context only)`);
  }
  return [...new Set(words)].join('; ').slice(0, 200);
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
  const byComponent = comps.map(() => []);
  const juris = Object.entries(r.jurisdictions || {});
  for (const [, j] of juris) for (const m of j.matches || []) {
    const i = m.component || 0;
    if (!byComponent[i]) continue;
    if (m.rule !== 'similarity') matchAtoms(m).forEach((a) => highlights[i].add(a));
    byComponent[i].push(m);
  }
  const figures = comps.map((s, i) => depiction(s, [...highlights[i]], captionFor(byComponent[i])));
  const blocks = juris.map(([code, j]) => {
    const decisive = (j.matches || []).filter((m) => m.rule !== 'similarity');
    const context = (j.matches || []).filter((m) => m.rule === 'similarity');
    return h('section', { class: 'jur', 'aria-label': `${code} verdict` },
    h('h4', {}, `${code}: `, badge(j.verdict)),
    decisive.length === 0 ? h('p', { class: 'muted' }, 'No listing, class or watch path matched.') : null,
    decisive.map(matchView),
    context.length ? h('div', { class: 'context-block' }, context.map(matchView)) : null,
    (j.near_misses || []).length ? h('details', {}, h('summary', {}, `${j.near_misses.length} near miss(es)`),
      h('ul', {}, j.near_misses.map((n) => h('li', {}, typeof n === 'string' ? n : `${n.name || n.entry || ''}: ${n.explanation || n.reason || ''}`)))) : null);
  });
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
    `${label('document_types', d.type)}: `,
    h('button', { type: 'button', class: 'link', onclick: () => download(`/api/v1/applications/${app.id}/documents/${d.id}`, d.filename) },
      d.filename),
    ` (${d.size} bytes)`)));
}

// A field-by-field change between two revisions, in words.
function shown(v) {
  if (v === null || v === undefined || v === '') return '(none)';
  if (typeof v !== 'object') return String(v);
  if (v.filename) return `${label('document_types', v.type)} ${v.filename}`;
  return Object.entries(v).filter(([, x]) => x !== null && x !== '' && !(Array.isArray(x) && !x.length))
    .map(([k, x]) => `${k.replaceAll('_', ' ')}: ${Array.isArray(x) ? x.join(', ') : shown(x)}`).join('; ') || '(none)';
}
export function changesView(changes, caption) {
  if (!changes.length) return h('p', { class: 'muted' }, `${caption}: nothing changed.`);
  return table(['Field', 'Before', 'After'], changes.map((c) => [c.field, shown(c.before), shown(c.after)]), caption);
}

// The decision clock (China Regulations art. 27: 20 days, not counting
// international verification), in words for its state.
export function clockView(c) {
  if (!c) return null;
  let text;
  if (!c.started) text = 'not started (starts on submission)';
  else if (c.decided) text = `decided after ${c.elapsed_days} of ${c.limit_days} days${c.paused_days ? ` (${c.paused_days} more paused for verification)` : ''}`;
  else text = `${c.elapsed_days} of ${c.limit_days} days used, ${c.remaining_days} remaining` +
    `${c.paused_days ? `, ${c.paused_days} paused` : ''}${c.running ? '' : ' — stopped while the importing country is asked'}` +
    `${c.due ? `, due ${c.due}` : ''}`;
  return h('div', { class: 'clock', 'aria-label': 'Decision clock' },
    h('strong', {}, 'Decision clock: '), text, h('span', { class: 'muted small' }, ` (${c.basis})`));
}
