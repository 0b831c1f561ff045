// Importing-country authority: pre-export notifications, questions to the
// exporting country's licensing authority, extensions and replies.
import { get, getAll, post } from '../api.js';
import { label } from '../meta.js';
import { h, field, input, textarea, formError, onSubmit, announce, dl, table, statusBadge, when, countryLabel } from './ui.js';

const party = (p) => (p && p.name ? `${p.name}${p.address ? `, ${p.address}` : ''}${p.country ? `, ${countryLabel(p.country)}` : ''}` +
  `${p.registration_number ? `, registration ${p.registration_number}` : ''}` : '—');

// What the notification tells the importing country (PEN Online's fields).
function summaryView(s) {
  if (!s || typeof s !== 'object') return null;
  const r = s.route || {};
  const route = [r.port_of_exit, ...(r.transit_countries || []).map(countryLabel), r.port_of_entry].filter(Boolean).join(' → ');
  return h('div', {},
    dl([['Exporting country', countryLabel(s.exporting_country)], ['Exporter', party(s.exporter)], ['Importer', party(s.importer)],
      ['Consignee', party(s.consignee)], ['Route', route ? `${route}${r.transport_mode ? ` (${label('transport_modes', r.transport_mode)})` : ''}` : '—'],
      ['Expected dispatch', s.expected_dispatch_date], ['Import permit', s.import_authorisation || 'none stated'],
      ['End use', s.end_use]]),
    table(['Item', 'Substance', 'CAS RN', 'HS code', 'Quantity', 'Concentration'], (s.items || []).map((i) => [
      String(i.item + 1), i.name ? `${i.name} (${i.substance})` : i.substance, i.cas || '—', i.hs_code || '—',
      `${i.quantity} ${i.unit || ''}`, i.concentration ? `${i.concentration} %` : 'pure substance']), 'Substances'));
}

function pendingForms(n, ctx) {
  const reasons = textarea({ name: 'reasons' });
  const reply = h('form', { 'aria-label': `Reply to notification ${n.id}` }, formError(),
    h('fieldset', {}, h('legend', {}, 'Reply'),
      h('label', {}, h('input', { type: 'radio', name: `reply-${n.id}`, value: 'no_objection', checked: true }), ' No objection'),
      h('label', {}, h('input', { type: 'radio', name: `reply-${n.id}`, value: 'objection' }), ' Objection')),
    field('Reasons (required for an objection)', reasons, { field: 'reasons' }),
    h('button', { type: 'submit' }, 'Send reply'));
  onSubmit(reply, async () => {
    const value = reply.querySelector(`input[name=reply-${n.id}]:checked`).value;
    await post(`/api/v1/notifications/${n.id}/reply`, { reply: value, reasons: reasons.value });
    announce('Reply sent.');
    ctx.rerender();
  });
  const question = textarea({ name: 'question' });
  const ask = h('form', { 'aria-label': `Ask about notification ${n.id}` }, formError(),
    field('Question to the exporting country', question, { field: 'question' }),
    h('button', { type: 'submit', class: 'secondary' }, 'Ask'));
  onSubmit(ask, async () => {
    await post(`/api/v1/notifications/${n.id}/questions`, { question: question.value });
    announce('Question sent.');
    ctx.rerender();
  });
  const days = input({ name: 'days', inputmode: 'numeric', size: 4 });
  const extend = h('form', { class: 'inline-form', 'aria-label': `Extend the reply period of notification ${n.id}` }, formError(),
    field('Extend the reply period by (days, 1–30)', days, { field: 'days' }),
    h('button', { type: 'submit', class: 'secondary' }, 'Extend'));
  onSubmit(extend, async () => {
    const d = Number(days.value);
    await post(`/api/v1/notifications/${n.id}/extend`, { days: Number.isInteger(d) ? d : days.value });
    announce('Reply period extended.');
    ctx.rerender();
  });
  return [reply, ask, extend];
}

export const inboxPage = {
  load: () => getAll('/api/v1/notifications', 'notifications'),
  view: ({ notifications }, ctx) => h('section', {},
    h('h1', {}, 'Pre-export notifications'),
    notifications.length === 0 ? h('p', {}, 'No notifications.') : null,
    notifications.map((n) => h('article', { class: 'card', 'aria-labelledby': `n-${n.id}` },
      h('h2', { id: `n-${n.id}` }, `Notification #${n.id} (application #${n.application}) `, statusBadge('notification_statuses', n.status)),
      dl([['Sent', when(n.sent)], ['Reply by', when(n.reply_deadline)], n.extended_days ? ['Extended by', `${n.extended_days} days`] : null,
        ['Replied', when(n.replied)], n.reasons ? ['Reasons', n.reasons] : null]),
      summaryView(n.summary),
      (n.questions || []).map((q) => h('div', { class: 'card' }, h('p', {}, h('strong', {}, 'Your question: '), q.question),
        h('p', {}, h('strong', {}, 'Answer: '), q.answer || '(not answered yet)'))),
      n.status === 'pending' ? pendingForms(n, ctx) : null))),
};
