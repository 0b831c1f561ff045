// Scan text: a listing, web page or goods description pasted or uploaded,
// every chemical it mentions highlighted with its verdict (POST /api/v1/scan).
// Offsets are code points into the text as given, so the text is shown as
// given (an HTML page as its source), never rendered.
import { post } from '../api.js';
import { meta } from '../meta.js';
import { h, field, input, textarea, formError, onSubmit, announce, badge, table } from './ui.js';

// The text with each mention wrapped in a <mark> that names its verdict.
export function highlighted(text, mentions) {
  const chars = Array.from(text);
  const parts = [];
  let at = 0;
  for (const m of [...mentions].sort((a, b) => a.start - b.start)) {
    if (m.start < at) continue;
    if (m.start > at) parts.push(chars.slice(at, m.start).join(''));
    parts.push(h('mark', { class: `mention mention-${m.verdict}`, title: `${m.verdict}: ${m.explanation}` },
      chars.slice(m.start, m.end).join(''), h('span', { class: 'visually-hidden' }, ` (${m.verdict})`)));
    at = m.end;
  }
  if (at < chars.length) parts.push(chars.slice(at).join(''));
  return h('pre', { class: 'scanned', id: 'scanned-text' }, parts);
}

function scanView() {
  const text = textarea({ name: 'text', rows: 8, placeholder: 'Hot sale 4-AP / 4-Anilinopiperidine CAS 23056-29-3, safe delivery to USA' });
  const file = h('input', { type: 'file', name: 'file', accept: '.txt,.html,.htm,text/plain,text/html' });
  const html = h('input', { type: 'checkbox', name: 'html' });
  const asOf = input({ type: 'date', name: 'as_of', value: meta().today });
  const out = h('div', { class: 'result', 'aria-live': 'polite' });
  file.addEventListener('change', async () => {
    const f = file.files[0];
    if (!f) return;
    text.value = await f.text();
    html.checked = /\.html?$/i.test(f.name) || /^\s*</.test(text.value);
  });
  const form = h('form', { class: 'card', 'aria-labelledby': 'st-h' },
    h('h1', { id: 'st-h' }, 'Scan text'), formError(),
    field('Text', text, { field: 'text', hint: 'A marketplace listing, a web page or a customs goods description' }),
    field('Or a file', file, { field: 'file' }),
    h('label', {}, html, ' The text is an HTML page'),
    field('As of', asOf, { field: 'as_of' }),
    h('button', { type: 'submit' }, 'Scan'));
  onSubmit(form, async () => {
    if (!text.value.trim()) throw { field: 'text', reason: 'paste or upload some text' };
    const r = (await post('/api/v1/scan', { text: text.value, html: html.checked, as_of: asOf.value })).results[0];
    const mentions = r.mentions || [];
    // The duties of an export to a destination the text names, per
    // controlled mention (China's specific-country catalogue, say).
    // Mentions of one substance ("NPP", its CAS RN) owe the same duties: one row, naming them all.
    const byDuty = new Map();
    for (const m of mentions) {
      for (const o of m.obligations || []) {
        const key = [m.resolved, o.destination, o.jurisdiction, o.obligation, o.duty, o.reason].join('\u0000');
        if (byDuty.has(key)) byDuty.get(key).texts.push(m.text);
        else byDuty.set(key, { texts: [m.text], o });
      }
    }
    const duties = [...byDuty.values()].map(({ texts, o }) => [[...new Set(texts)].join(', '), o.destination,
      o.jurisdiction, o.obligation.replaceAll('_', ' '), badge(o.duty.replaceAll('_', ' ')), o.reason]);
    out.replaceChildren(
      h('h2', {}, 'Verdict: ', badge(r.verdict)),
      r.error ? h('p', { class: 'form-error' }, r.error) : highlighted(text.value, mentions),
      mentions.length
        ? table(['Mention', 'Read as', 'Type', 'Verdict', 'Entries', 'Why'], mentions.map((m) => [m.text, m.resolved || m.read_as || '—',
          m.input_type + (m.source ? ` (${m.source})` : ''), badge(m.verdict), (m.entries || []).join(', ') || '—', m.explanation]), 'Mentions')
        : h('p', {}, 'No chemical mentioned.'),
      duties.length ? table(['Mentions', 'Destination', 'Jurisdiction', 'Obligation', 'Duty', 'Why'], duties,
        'Duties of an export to the destinations named') : '',
      (r.flags || []).length ? table(['Flag', 'Wording'], r.flags.map((f) => [f.flag, f.value]), 'Flags (context, not a verdict)') : '',
      ...(r.notes || []).map((n) => h('p', { class: 'muted' }, n)));
    announce(`Verdict: ${r.verdict}; ${mentions.length} mentions.`);
  });
  return h('section', {}, form, out);
}

export const scanPage = { view: () => scanView() };
