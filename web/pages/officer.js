// Licensing officer: the queue with risk flags, and the review page (risk
// summary, verdicts per jurisdiction with depictions and citations,
// pre-export notification, information requests, decision).
import { get, post, session } from '../api.js';
import { h, field, textarea, formError, onSubmit, announce, badge, table, dl, verdictView, documentList, changesView } from './ui.js';

export function clockView(c) {
  if (!c) return null;
  return h('div', { class: 'clock', 'aria-label': 'Decision clock' },
    h('strong', {}, 'Decision clock: '),
    !c.started ? 'not started (starts on submission)' :
      `${c.elapsed_days} of ${c.limit_days} days used, ${c.remaining_days} remaining` +
      `${c.paused_days ? `, ${c.paused_days} paused` : ''}${c.running ? '' : ' — stopped'}${c.due ? `, due ${c.due}` : ''}`,
    h('span', { class: 'muted small' }, ` (${c.basis})`));
}

function flags(risk) {
  if (!risk || typeof risk !== 'object') return [];
  const out = [];
  if (risk.controlled_items && risk.controlled_items.length) out.push(badge('controlled', 'flag'));
  if (risk.watch_items && risk.watch_items.length) out.push(badge('watch', 'flag'));
  if (risk.unresolved_items && risk.unresolved_items.length) out.push(badge('unresolved', 'flag'));
  if (risk.missing_documents && risk.missing_documents.length) out.push(h('span', { class: 'badge badge-flag' }, 'missing documents'));
  if (risk.hs_code_inconsistencies && risk.hs_code_inconsistencies.length) out.push(h('span', { class: 'badge badge-flag' }, 'HS code'));
  if (risk.prior_importer_outcomes && risk.prior_importer_outcomes.length) out.push(h('span', { class: 'badge badge-flag' }, 'importer history'));
  return out;
}

export async function queuePage() {
  const { applications } = await get('/api/v1/applications');
  const full = await Promise.all(applications.map((a) => get(`/api/v1/applications/${a.id}`)));
  return h('section', {},
    h('h1', {}, 'Applications queue'),
    applications.length === 0 ? h('p', {}, 'Nothing submitted.') :
      table(['Application', 'Importer', 'Destination', 'Status', 'Concerns', 'Risk flags', 'Days left'],
        full.map((a) => [h('a', { href: `#/review/${a.id}` }, `#${a.id}`), `${a.importer.name} (${a.importer.country})`,
          a.destination, badge(a.status), String((a.risk && a.risk.concerns) ?? 0), h('span', { class: 'flags' }, flags(a.risk)),
          a.decision_clock && a.decision_clock.started ? String(a.decision_clock.remaining_days) : '—'])));
}

function riskView(risk) {
  if (!risk || typeof risk !== 'object') return null;
  const list = (title, items, fmt) => items && items.length ? h('li', {}, h('strong', {}, title), ': ', items.map(fmt).join('; ')) : null;
  return h('section', { class: 'card risk', 'aria-labelledby': 'risk-h' },
    h('h2', { id: 'risk-h' }, 'Risk summary ', h('span', { class: 'flags' }, flags(risk))),
    h('ul', {},
      list('Controlled items', risk.controlled_items, (i) => `#${i + 1}`),
      list('Watch items', risk.watch_items, (i) => `#${i + 1}`),
      list('Unresolved items', risk.unresolved_items, (i) => `#${i + 1}`),
      list('Missing documents', risk.missing_documents, (d) => (typeof d === 'string' ? d : d.type || JSON.stringify(d))),
      list('HS code inconsistencies', risk.hs_code_inconsistencies, (x) => `item #${x.item + 1} declared ${x.declared}, registry ${x.expected.join(' or ')}`),
      list('Earlier outcomes for this importer', risk.prior_importer_outcomes, (p) => `application #${p.application}: ${p.outcome} (${p.reasons})`),
      risk.concerns === 0 ? h('li', {}, 'No concerns.') : null));
}

function reload() { window.dispatchEvent(new HashChangeEvent('hashchange')); }

const CONDITION_LABEL = {
  documents: 'Required documents', identified: 'Every item identified', notification: 'Pre-export notification',
  objection: 'No objection from the importing country', no_reply: 'Reply from the importing country',
  importer_history: "Importer's history", watch_items: 'No item on watch', hs_codes: 'HS codes as in the registry',
  shipment_date: 'Planned shipment date ahead', validity: 'Licence valid until the shipment',
};

// What changed since this officer last opened the application, remembered
// per user in this browser.
async function sinceLastLook(app) {
  const s = session();
  const key = `precursor.seen.${s && s.user.id}.${app.id}`;
  const seen = Number(localStorage.getItem(key) || 0);
  localStorage.setItem(key, String(app.revision || 0));
  if (!seen || !app.revision || seen >= app.revision) return null;
  const { changes } = await get(`/api/v1/applications/${app.id}/changes?since=${seen}`);
  return h('section', { class: 'card changed', 'aria-label': 'Changes since your last look' },
    changesView(changes, `Changes since you last looked (revision ${seen} to ${app.revision})`));
}

function conditionsView(check) {
  return h('section', { class: 'card', 'aria-labelledby': 'cond-h' },
    h('h2', { id: 'cond-h' }, 'Approval conditions ', badge(check.approvable ? 'ready' : 'blocked')),
    h('ul', { class: 'conditions' }, check.conditions.map((c) => h('li', { class: c.met ? 'met' : 'unmet' },
      c.met ? '✔ ' : (c.overridable ? '⚠ ' : '✖ '), h('strong', {}, CONDITION_LABEL[c.condition] || c.condition),
      c.met ? '' : `: ${c.reason}`, !c.met && c.overridable ? h('span', { class: 'muted' }, ' (may proceed with written reasons)') : ''))));
}

function notificationsView(app, mine, open) {
  const parts = [h('h2', {}, 'Pre-export notification')];
  if (!mine.length) parts.push(h('p', {}, 'None sent.'));
  else parts.push(table(['Notification', 'Revision', 'Country', 'Status', 'Sent', 'Reply deadline', 'Replied', 'Reasons'],
    mine.map((n) => [`#${n.id}`, String(n.revision), n.country, badge(n.status), n.sent, n.reply_deadline, n.replied || '—', n.reasons || '—'])));
  for (const n of mine) {
    (n.questions || []).forEach((q, k) => {
      const card = h('div', { class: 'card' }, h('p', {}, h('strong', {}, `Question from ${n.country} on notification #${n.id}: `), q.question),
        q.answer ? h('p', {}, h('strong', {}, 'Answer: '), q.answer) : null);
      if (!q.answer) {
        const answer = textarea({ name: 'answer' });
        const form = h('form', { 'aria-label': `Answer question ${k + 1} of notification ${n.id}` }, formError(),
          field('Answer to the importing authority', answer, { field: 'answer' }), h('button', { type: 'submit', class: 'secondary' }, 'Send answer'));
        onSubmit(form, async () => {
          await post(`/api/v1/notifications/${n.id}/questions/${k + 1}/answer`, { answer: answer.value });
          announce('Answer sent.'); reload();
        });
        card.append(form);
      }
      parts.push(card);
    });
  }
  if (open) {
    const notify = h('form', { 'aria-label': 'Send the pre-export notification' }, formError(),
      h('button', { type: 'submit' }, 'Send pre-export notification'));
    onSubmit(notify, async () => { await post(`/api/v1/applications/${app.id}/notifications`); announce('Notification sent.'); reload(); });
    parts.push(notify);
  }
  return parts;
}

function decisionForm(app, check) {
  const reasons = textarea({ name: 'reasons', rows: 4 });
  const weighed = check.conditions.filter((c) => !c.met && c.overridable).map((c) => {
    const box = textarea({ name: `override-${c.condition}` });
    return { code: c.condition, box, el: field(`Reasons for proceeding despite: ${CONDITION_LABEL[c.condition] || c.condition}`, box, { field: `overrides.${c.condition}`, hint: c.reason }) };
  });
  const decide = h('form', { 'aria-label': 'Decision' }, formError(),
    h('h2', {}, 'Decision'),
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
    reload();
  });
  return decide;
}

export async function reviewPage(id) {
  const app = await get(`/api/v1/applications/${id}`);
  const { notifications } = await get('/api/v1/notifications');
  const mine = notifications.filter((n) => n.application === app.id);
  const open = ['submitted', 'information_requested', 'verification'].includes(app.status);
  const check = open ? await get(`/api/v1/applications/${app.id}/approval`) : null;
  const ex = app.exporter_organisation || {};
  const parts = [
    h('h1', {}, `Review application #${app.id} `, badge(app.status)),
    await sinceLastLook(app),
    dl([['Exporter', `${ex.name || '—'}${ex.registration_number ? `, registration ${ex.registration_number}` : ''}${ex.address ? `, ${ex.address}` : ''}`],
      ['Importer', `${app.importer.name} (${app.importer.country}), ${app.importer.address}`],
      ['Registration number', app.importer.registration_number], ['Destination', app.destination],
      app.consignee && app.consignee.name ? ['Consignee', `${app.consignee.name} (${app.consignee.country}), ${app.consignee.address}`] : null,
      app.route && (app.route.transit_countries.length || app.route.port_of_exit) ? ['Route',
        [app.route.port_of_exit, ...app.route.transit_countries, app.route.port_of_entry].filter(Boolean).join(' → ') +
        (app.route.transport_mode ? ` (${app.route.transport_mode})` : '')] : null,
      app.import_authorisation ? ['Import permit', app.import_authorisation] : null,
      ['End use', app.end_use], ['Planned shipment', app.planned_shipment_date], ['Submitted', app.submitted],
      ['Revision', String(app.revision)],
      app.licence_number ? ['Licence', h('a', { href: `#/licences/${app.licence_number}` }, app.licence_number)] : null,
      app.decision_reasons ? ['Decision reasons', app.decision_reasons] : null]),
    h('h2', {}, 'Documents'),
    documentList(app),
    clockView(app.decision_clock),
    check ? conditionsView(check) : null,
    riskView(app.risk),
    h('h2', {}, 'Line items'),
  ];
  app.items.forEach((it, i) => {
    const s = app.screening && app.screening[i];
    const r = s && s.as_of_shipment;
    const riskItem = app.risk && app.risk.items && app.risk.items[i];
    parts.push(h('section', { class: 'card item-review', 'aria-label': `Line item ${i + 1}` },
      h('h3', {}, `#${i + 1} ${it.substance} — ${it.quantity} ${it.unit}, HS ${it.hs_code} `, s ? badge(s.current_verdict) : null),
      riskItem ? h('p', {}, `Verdict when screened: ${riskItem.verdict_at_screening}; at planned shipment: ${riskItem.verdict_at_shipment}`,
        riskItem.hs_code_consistent === false ? ` — HS code differs from the registry (${riskItem.hs_code_expected.join(', ')})` : '') : null,
      s ? h('p', { class: 'muted' }, `Screened in ${s.jurisdictions.join(', ')} as of the planned shipment date.`) : null,
      verdictView(r)));
  });
  parts.push(...notificationsView(app, mine, open && app.status === 'submitted'));
  parts.push(h('h2', {}, 'Information requests'));
  for (const r of app.information_requests) {
    const since = r.asked_revision && r.asked_revision < app.revision
      ? changesView((await get(`/api/v1/applications/${app.id}/changes?since=${r.asked_revision}`)).changes, 'Changes since the question')
      : (r.answer ? h('p', { class: 'muted' }, 'Nothing changed since the question.') : null);
    parts.push(h('div', { class: 'card' }, h('p', {}, `Q: ${r.question}`), h('p', {}, `A: ${r.answer || '(no answer yet)'}`), since));
  }
  if (open && app.status === 'submitted') {
    const question = textarea({ name: 'question' });
    const ask = h('form', { 'aria-label': 'Request information' }, formError(),
      field('Question to the exporter', question, { field: 'question' }), h('button', { type: 'submit', class: 'secondary' }, 'Request information'));
    onSubmit(ask, async () => {
      await post(`/api/v1/applications/${app.id}/information-requests`, { question: question.value, version: app.version });
      announce('Information requested.'); reload();
    });
    parts.push(ask, decisionForm(app, check));
  }
  return h('section', {}, parts);
}
