// Licensing officer: the queue with risk flags, and the review page (risk
// summary, verdicts per jurisdiction with depictions and citations,
// pre-export notification, information requests, decision).
import { get, post } from '../api.js';
import { h, field, textarea, formError, onSubmit, announce, badge, table, dl, verdictView } from './ui.js';

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

export async function reviewPage(id) {
  const app = await get(`/api/v1/applications/${id}`);
  const { notifications } = await get('/api/v1/notifications');
  const mine = notifications.filter((n) => n.application === app.id);
  const open = ['submitted', 'information_requested', 'verification'].includes(app.status);
  const parts = [
    h('h1', {}, `Review application #${app.id} `, badge(app.status)),
    dl([['Importer', `${app.importer.name} (${app.importer.country}), ${app.importer.address}`],
      ['Registration number', app.importer.registration_number], ['Destination', app.destination],
      ['End use', app.end_use], ['Planned shipment', app.planned_shipment_date], ['Submitted', app.submitted],
      ['Documents', app.documents.map((d) => `${d.type} (${d.filename})`).join(', ') || 'none'],
      app.licence_number ? ['Licence', h('a', { href: `#/licences/${app.licence_number}` }, app.licence_number)] : null,
      app.decision_reasons ? ['Decision reasons', app.decision_reasons] : null]),
    clockView(app.decision_clock),
    riskView(app.risk),
    h('h2', {}, 'Line items'),
  ];
  app.items.forEach((it, i) => {
    const s = app.screening && app.screening[i];
    const r = s && s.as_of_shipment;
    const riskItem = app.risk && app.risk.items && app.risk.items[i];
    parts.push(h('section', { class: 'card item-review', 'aria-label': `Line item ${i + 1}` },
      h('h3', {}, `#${i + 1} ${it.substance} — ${it.quantity} ${it.unit}, HS ${it.hs_code} `, s ? badge(s.current_verdict) : null),
      riskItem ? h('p', {}, `Verdict at submission: ${riskItem.verdict_at_submission}; at planned shipment: ${riskItem.verdict_at_shipment}`,
        riskItem.hs_code_consistent === false ? ` — HS code differs from the registry (${riskItem.hs_code_expected.join(', ')})` : '') : null,
      s ? h('p', { class: 'muted' }, `Screened in ${s.jurisdictions.join(', ')} as of the planned shipment date.`) : null,
      verdictView(r)));
  });
  parts.push(h('h2', {}, 'Pre-export notification'));
  parts.push(mine.length ? table(['Notification', 'Country', 'Status', 'Sent', 'Reply deadline', 'Replied', 'Reasons'],
    mine.map((n) => [`#${n.id}`, n.country, badge(n.status), n.sent, n.reply_deadline, n.replied || '—', n.reasons || '—'])) :
    h('p', {}, 'None sent.'));
  if (open) {
    const notify = h('form', { 'aria-label': 'Send the pre-export notification' }, formError(),
      h('button', { type: 'submit' }, 'Send pre-export notification'));
    onSubmit(notify, async () => { await post(`/api/v1/applications/${app.id}/notifications`); announce('Notification sent.'); reload(); });
    parts.push(notify);

    const question = textarea({ name: 'question' });
    const ask = h('form', { 'aria-label': 'Request information' }, formError(),
      field('Question to the exporter', question, { field: 'question' }), h('button', { type: 'submit', class: 'secondary' }, 'Request information'));
    onSubmit(ask, async () => {
      await post(`/api/v1/applications/${app.id}/information-requests`, { question: question.value, version: app.version });
      announce('Information requested.'); reload();
    });
    parts.push(h('h2', {}, 'Information requests'),
      app.information_requests.map((r) => h('p', {}, `Q: ${r.question}`, h('br'), `A: ${r.answer || '(no answer yet)'}`)), ask);

    const reasons = textarea({ name: 'reasons', rows: 4 });
    const decide = h('form', { 'aria-label': 'Decision' }, formError(),
      h('h2', {}, 'Decision'),
      field('Reasons', reasons, { field: 'reasons' }),
      h('button', { type: 'submit', name: 'decision', value: 'approve' }, 'Approve and issue licence'), ' ',
      h('button', { type: 'submit', name: 'decision', value: 'refuse', class: 'danger' }, 'Refuse'));
    onSubmit(decide, async (btn) => {
      const decision = btn ? btn.value : 'approve';
      const r = await post(`/api/v1/applications/${app.id}/decision`, { decision, reasons: reasons.value, version: app.version });
      announce(decision === 'approve' ? `Approved: licence ${r.licence_number}` : 'Refused.');
      reload();
    });
    parts.push(decide);
  }
  return h('section', {}, parts);
}
