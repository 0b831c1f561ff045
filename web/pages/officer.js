// Licensing officer: the queue, and the review page in sections (overview
// with approval conditions and risk, items with their screening,
// pre-export notification, questions, decision).
import { get, getAll, post, session } from '../api.js';
import { label } from '../meta.js';
import {
  h, field, textarea, formError, onSubmit, announce, badge, table, dl, verdictView, documentList, changesView,
  statusBadge, when, countryLabel, clockView, localTimes,
} from './ui.js';

export const queuePage = {
  load: () => getAll('/api/v1/applications', 'applications'),
  view: ({ applications }) => h('section', {},
    h('h1', {}, 'Applications queue'),
    applications.length === 0 ? h('p', {}, 'Nothing submitted.') :
      table(['Application', 'Exporter', 'Importer', 'Destination', 'Items', 'Verdict', 'Status', 'Concerns', 'Days left'],
        applications.map((a) => [h('a', { href: `#/review/${a.id}` }, `#${a.id}`), a.exporter_name || '—',
          a.importer.name, countryLabel(a.destination),
          a.items.map((i) => `${i.substance} (${i.quantity} ${i.unit})`).join('; '),
          a.verdict ? badge(a.verdict) : '—', statusBadge('application_statuses', a.status),
          String(a.concerns ?? 0),
          a.decision_clock && a.decision_clock.started && !a.decision_clock.decided ? String(a.decision_clock.remaining_days) : '—']))),
};

function riskView(risk) {
  if (!risk || typeof risk !== 'object') return null;
  const list = (title, items, fmt) => (items && items.length ? h('li', {}, h('strong', {}, title), ': ', items.map(fmt).join('; ')) : null);
  const docs = (d) => d.split(' or ').map((t) => label('document_types', t)).join(' or ');
  return h('section', { class: 'card risk', 'aria-labelledby': 'risk-h' },
    h('h2', { id: 'risk-h' }, 'Risk summary'),
    h('ul', {},
      list('Controlled items', risk.controlled_items, (i) => `#${i + 1}`),
      list('Watch items', risk.watch_items, (i) => `#${i + 1}`),
      list('Unresolved items', risk.unresolved_items, (i) => `#${i + 1}`),
      list('Missing documents', risk.missing_documents, docs),
      list('HS code inconsistencies', risk.hs_code_inconsistencies, (x) => `item #${x.item + 1} declared ${x.declared}, registry ${x.expected.join(' or ')}`),
      list('Earlier outcomes for this importer', risk.prior_importer_outcomes, (p) => `application #${p.application}: ${p.outcome} (${p.reasons})`),
      risk.concerns === 0 ? h('li', {}, 'No concerns.') : null));
}

// What changed since this officer last opened the application, remembered
// per user in this browser.
function sinceLastLook(app, changes, seen) {
  if (!changes) return null;
  return h('section', { class: 'card changed', 'aria-label': 'Changes since your last look' },
    changesView(changes, `Changes since you last looked (revision ${seen} to ${app.revision})`));
}

function conditionsView(check, id) {
  return h('section', { class: 'card', 'aria-labelledby': id },
    h('h2', { id }, 'Approval conditions ', badge(check.approvable ? 'ready' : 'blocked')),
    h('ul', { class: 'conditions' }, check.conditions.map((c) => h('li', { class: c.met ? 'met' : 'unmet' },
      c.met ? '✔ ' : (c.overridable ? '⚠ ' : '✖ '), h('strong', {}, label('conditions', c.condition)),
      c.met ? '' : `: ${localTimes(c.reason)}`, !c.met && c.overridable ? h('span', { class: 'muted' }, ' (may proceed with written reasons)') : ''))));
}

function notificationsView(app, mine, ctx) {
  const parts = [];
  if (!mine.length) parts.push(h('p', {}, 'None sent.'));
  else parts.push(table(['Notification', 'Revision', 'Country', 'Status', 'Sent', 'Reply deadline', 'Replied', 'Reasons'],
    mine.map((n) => [`#${n.id}`, String(n.revision), countryLabel(n.country), statusBadge('notification_statuses', n.status),
      when(n.sent), when(n.reply_deadline), when(n.replied), n.reasons || '—'])));
  for (const n of mine) {
    (n.questions || []).forEach((q, k) => {
      const card = h('div', { class: 'card' }, h('p', {}, h('strong', {}, `Question from ${countryLabel(n.country)} on notification #${n.id}: `), q.question),
        q.answer ? h('p', {}, h('strong', {}, 'Answer: '), q.answer) : null);
      if (!q.answer) {
        const answer = textarea({ name: 'answer' });
        const form = h('form', { 'aria-label': `Answer question ${k + 1} of notification ${n.id}` }, formError(),
          field('Answer to the importing authority', answer, { field: 'answer' }), h('button', { type: 'submit', class: 'secondary' }, 'Send answer'));
        onSubmit(form, async () => {
          await post(`/api/v1/notifications/${n.id}/questions/${k + 1}/answer`, { answer: answer.value });
          announce('Answer sent.');
          ctx.rerender();
        });
        card.append(form);
      }
      parts.push(card);
    });
  }
  if (app.status === 'submitted') {
    const notify = h('form', { 'aria-label': 'Send the pre-export notification' }, formError(),
      h('button', { type: 'submit' }, 'Send pre-export notification'));
    onSubmit(notify, async () => {
      await post(`/api/v1/applications/${app.id}/notifications`);
      announce('Notification sent.');
      ctx.rerender();
    });
    parts.push(notify);
  }
  return parts;
}

function decisionForm(app, check, ctx) {
  const reasons = textarea({ name: 'reasons', rows: 4 });
  const weighed = check.conditions.filter((c) => !c.met && c.overridable).map((c) => {
    const box = textarea({ name: `override-${c.condition}` });
    return { code: c.condition, box, el: field(`Reasons for proceeding despite: ${label('conditions', c.condition)}`, box, { field: `overrides.${c.condition}`, hint: c.reason }) };
  });
  const decide = h('form', { 'aria-label': 'Decision' }, formError(),
    field('Reasons', reasons, { field: 'reasons' }),
    weighed.map((w) => w.el),
    // Hard conditions have no field of their own: their errors list in the summary.
    h('button', { type: 'submit', name: 'decision', value: 'approve' }, 'Approve and issue licence'), ' ',
    h('button', { type: 'submit', name: 'decision', value: 'refuse', class: 'danger' }, 'Refuse'));
  onSubmit(decide, async (btn) => {
    const decision = btn ? btn.value : 'approve';
    const overrides = Object.fromEntries(weighed.filter((w) => w.box.value.trim()).map((w) => [w.code, w.box.value]));
    const body = { decision, reasons: reasons.value, version: app.version };
    if (decision === 'approve' && Object.keys(overrides).length) body.overrides = overrides;
    const r = await post(`/api/v1/applications/${app.id}/decision`, body);
    announce(decision === 'approve' ? `Approved: licence ${r.licence_number}` : 'Refused.');
    ctx.rerender();
  });
  return decide;
}

// Sections shown one at a time, so the page fits a screen; the choice is
// kept for the application while the tab is open.
function tabs(key, sections) {
  const kept = sessionStorage.getItem(key);
  const chosen = sections.some((s) => s.id === kept) ? kept : sections[0].id;
  const panels = sections.map((s) => h('div', { role: 'tabpanel', id: `panel-${s.id}`, 'aria-labelledby': `tab-${s.id}`, hidden: s.id !== chosen }, s.content));
  const buttons = sections.map((s) => h('button', {
    type: 'button', role: 'tab', id: `tab-${s.id}`, class: 'tab', 'aria-controls': `panel-${s.id}`, 'aria-selected': String(s.id === chosen),
    onclick: () => {
      sessionStorage.setItem(key, s.id);
      buttons.forEach((b) => b.setAttribute('aria-selected', String(b === buttons[sections.indexOf(s)])));
      panels.forEach((p) => { p.hidden = p.id !== `panel-${s.id}`; });
    },
  }, s.label));
  return h('div', { class: 'tabs' }, h('div', { role: 'tablist', 'aria-label': 'Sections' }, buttons), panels);
}

export const reviewPage = {
  async load(m) {
    const app = await get(`/api/v1/applications/${m[1]}`);
    const { notifications } = await getAll('/api/v1/notifications', 'notifications');
    const open = ['submitted', 'information_requested', 'verification'].includes(app.status);
    const check = open ? await get(`/api/v1/applications/${app.id}/approval`) : null;
    const asked = {};
    for (const r of app.information_requests) {
      if (r.asked_revision && r.asked_revision < app.revision && !asked[r.asked_revision])
        asked[r.asked_revision] = (await getAll(`/api/v1/applications/${app.id}/changes?since=${r.asked_revision}`, 'changes')).changes;
    }
    const s = session();
    const key = `precursor.seen.${s && s.user.id}.${app.id}`;
    const seen = Number(localStorage.getItem(key) || 0);
    localStorage.setItem(key, String(app.revision || 0));
    const sinceSeen = seen && app.revision && seen < app.revision
      ? (await getAll(`/api/v1/applications/${app.id}/changes?since=${seen}`, 'changes')).changes : null;
    return { app, mine: notifications.filter((n) => n.application === app.id), check, asked, seen, sinceSeen };
  },
  view({ app, mine, check, asked, seen, sinceSeen }, ctx) {
    const ex = app.exporter_organisation || {};
    const route = app.route && (app.route.transit_countries.length || app.route.port_of_exit)
      ? [app.route.port_of_exit, ...app.route.transit_countries.map(countryLabel), app.route.port_of_entry].filter(Boolean).join(' → ') +
        (app.route.transport_mode ? ` (${label('transport_modes', app.route.transport_mode)})` : '') : null;
    const overview = [
      sinceLastLook(app, sinceSeen, seen),
      dl([['Exporter', `${ex.name || '—'}${ex.registration_number ? `, registration ${ex.registration_number}` : ''}${ex.address ? `, ${ex.address}` : ''}`],
        ['Importer', `${app.importer.name}, ${app.importer.address}, ${countryLabel(app.importer.country)}`],
        ['Importer registration', app.importer.registration_number], ['Destination', countryLabel(app.destination)],
        app.consignee && app.consignee.name ? ['Consignee', `${app.consignee.name}, ${app.consignee.address}, ${countryLabel(app.consignee.country)}`] : null,
        route ? ['Route', route] : null,
        app.import_authorisation ? ['Import permit', app.import_authorisation] : null,
        ['End use', app.end_use], ['Planned shipment', app.planned_shipment_date], ['Submitted', when(app.submitted)],
        ['Revision', String(app.revision)],
        app.licence_number ? ['Licence', h('a', { href: `#/licences/${app.licence_number}` }, app.licence_number)] : null,
        app.decision_reasons ? ['Decision reasons', app.decision_reasons] : null,
        app.overrides && app.overrides.length ? ['Conditions weighed', app.overrides.map((o) => `${label('conditions', o.condition)}: ${o.reasons}`).join('; ')] : null]),
      clockView(app.decision_clock),
      check ? conditionsView(check, 'cond-h') : null,
      riskView(app.risk),
      h('h2', {}, 'Documents'),
      documentList(app),
    ];
    const items = app.items.map((it, i) => {
      const s = app.screening && app.screening[i];
      const r = s && s.as_of_shipment;
      const riskItem = app.risk && app.risk.items && app.risk.items[i];
      return h('section', { class: 'card item-review', 'aria-label': `Line item ${i + 1}` },
        h('h3', {}, `#${i + 1} ${it.substance} — ${it.quantity} ${it.unit}, HS ${it.hs_code} `, s ? badge(s.current_verdict) : null),
        riskItem ? h('p', {}, `Verdict when screened: ${riskItem.verdict_at_screening}; at planned shipment: ${riskItem.verdict_at_shipment}`,
          riskItem.hs_code_consistent === false ? ` — HS code differs from the registry (${riskItem.hs_code_expected.join(', ')})` : '') : null,
        s ? h('p', { class: 'muted' }, `Screened in ${s.jurisdictions.join(', ')} as of the planned shipment date.`) : null,
        verdictView(r));
    });
    const questions = app.information_requests.map((r) => h('div', { class: 'card' },
      h('p', {}, `Q: ${r.question}`), h('p', {}, `A: ${r.answer || '(no answer yet)'}`),
      asked[r.asked_revision] ? changesView(asked[r.asked_revision], 'Changes since the question')
        : (r.answer ? h('p', { class: 'muted' }, 'Nothing changed since the question.') : null)));
    if (app.status === 'submitted') {
      const question = textarea({ name: 'question' });
      const ask = h('form', { 'aria-label': 'Request information' }, formError(),
        field('Question to the exporter', question, { field: 'question' }), h('button', { type: 'submit', class: 'secondary' }, 'Request information'));
      onSubmit(ask, async () => {
        await post(`/api/v1/applications/${app.id}/information-requests`, { question: question.value, version: app.version });
        announce('Information requested.');
        ctx.rerender();
      });
      questions.push(ask);
    }
    const sections = [
      { id: 'overview', label: 'Overview', content: overview },
      { id: 'items', label: `Items and screening (${app.items.length})`, content: items },
      { id: 'notification', label: 'Pre-export notification', content: notificationsView(app, mine, ctx) },
      { id: 'questions', label: `Questions (${app.information_requests.length})`, content: questions.length ? questions : h('p', {}, 'None asked.') },
    ];
    if (app.status === 'submitted' && check) sections.push({ id: 'decision', label: 'Decision', content: [conditionsView(check, 'cond-decision-h'), decisionForm(app, check, ctx)] });
    return h('section', {},
      h('h1', {}, `Review application #${app.id} `, statusBadge('application_statuses', app.status)),
      tabs(`precursor.tab.${app.id}`, sections));
  },
};
