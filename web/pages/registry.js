// The registry: the lists as of a date, entries not yet in force, and the
// changes over a period (then the listings announced with no date yet).
import { getAll } from '../api.js';
import { meta } from '../meta.js';
import { h, field, input, formError, onSubmit, badge, table } from './ui.js';

// Dates are the server's day (UTC), as every verdict's as-of date is.
const today = () => meta().today;
const inAYear = () => `${Number(today().slice(0, 4)) + 1}${today().slice(4)}`;

const entryRow = (e) => [e.jurisdiction, e.name, e.cas || '—', `${e.list}${e.category ? `, ${e.category}` : ''}`,
  e.in_force_from || '—', e.citation, e.verification === 'verified' ? '' : badge(e.verification)];
const HEAD = ['Jurisdiction', 'Substance', 'CAS RN', 'List', 'In force from', 'Citation', 'Caution'];

// What a change does, in words (the CLI's `registry changes` says the same).
const changeText = (c) => ({
  clause: () => `clause "${c.clause}" takes effect`,
  ended: () => 'no longer in force',
  history: () => c.history.event,
  announced: () => 'announced, not yet in force',
}[c.event] || (() => 'comes into force'))();

export const registryPage = { view: () => registryView() };

function registryView() {
  const asOf = input({ type: 'date', name: 'as_of', value: today() });
  const jur = h('select', { name: 'jurisdiction' }, ['', ...meta().jurisdictions].map((j) => h('option', { value: j }, j || 'All')));
  const listOut = h('div', { 'aria-live': 'polite' });
  const listForm = h('form', { class: 'card inline-form', 'aria-labelledby': 'rg-h' },
    h('h1', { id: 'rg-h' }, 'Registry'), formError(),
    field('As of', asOf, { field: 'as_of' }), field('Jurisdiction', jur, { field: 'jurisdiction' }),
    h('button', { type: 'submit' }, 'Show lists'));
  const from = input({ type: 'date', name: 'from', value: today() });
  const to = input({ type: 'date', name: 'to', value: inAYear() });
  const chOut = h('div', { 'aria-live': 'polite' });
  const chForm = h('form', { class: 'card inline-form', 'aria-labelledby': 'ch-h' },
    h('h2', { id: 'ch-h' }, 'Changes'), formError(),
    field('From', from, { field: 'from' }), field('To', to, { field: 'to' }),
    h('button', { type: 'submit' }, 'Show changes'));
  const q = () => (jur.value ? `&jurisdiction=${jur.value}` : '');
  onSubmit(listForm, async () => {
    const r = await getAll(`/api/v1/registry?as_of=${asOf.value}${q()}`, 'entries');
    listOut.replaceChildren(
      table(HEAD, r.entries.map(entryRow), `${r.entries.length} entries in force on ${r.as_of}`),
      r.pending.length ? table(HEAD, r.pending.map(entryRow), `${r.pending.length} entries not yet in force (pending)`) : null);
  });
  onSubmit(chForm, async () => {
    const r = await getAll(`/api/v1/registry/changes?from=${from.value}&to=${to.value}${q()}`, 'changes');
    chOut.replaceChildren(r.changes.length ? table(['Date', 'Jurisdiction', 'Substance', 'Change', 'Citation'],
      r.changes.map((c) => [c.date || 'no date yet', c.entry.jurisdiction, c.entry.name, changeText(c),
        c.event === 'history' ? c.history.citation : c.entry.citation]), `Changes from ${r.from} to ${r.to}`) :
      h('p', {}, `No changes from ${r.from} to ${r.to}.`));
  });
  // Show today's lists and the coming year's changes straight away.
  setTimeout(() => { if (listForm.isConnected) { listForm.requestSubmit(); chForm.requestSubmit(); } }, 0);
  return h('section', {}, listForm, listOut, chForm, chOut);
}
