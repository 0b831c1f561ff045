// Importing-country authority: pre-export notifications and replies.
import { get, post } from '../api.js';
import { h, field, textarea, formError, onSubmit, announce, badge, dl } from './ui.js';

function summaryView(s) {
  if (!s || typeof s !== 'object') return h('p', {}, String(s ?? ''));
  const items = s.items || [];
  return h('div', {},
    dl(Object.entries(s).filter(([k, v]) => k !== 'items' && typeof v !== 'object').map(([k, v]) => [k.replaceAll('_', ' '), String(v)])),
    s.importer && typeof s.importer === 'object' ? dl([['importer', `${s.importer.name} (${s.importer.country}), ${s.importer.address || ''}`]]) : null,
    items.length ? h('ul', {}, items.map((i) => h('li', {}, `${i.substance} — ${i.quantity} ${i.unit || ''}${i.verdict ? ` (${i.verdict})` : ''}`))) : null);
}

export async function inboxPage() {
  const { notifications } = await get('/api/v1/notifications');
  return h('section', {},
    h('h1', {}, 'Pre-export notifications'),
    notifications.length === 0 ? h('p', {}, 'No notifications.') : null,
    notifications.map((n) => {
      const card = h('article', { class: 'card', 'aria-labelledby': `n-${n.id}` },
        h('h2', { id: `n-${n.id}` }, `Notification #${n.id} (application #${n.application}) `, badge(n.status)),
        dl([['Sent', n.sent], ['Reply by', n.reply_deadline], ['Replied', n.replied], n.reasons ? ['Reasons', n.reasons] : null]),
        summaryView(n.summary));
      if (n.status === 'pending') {
        const reasons = textarea({ name: 'reasons' });
        const form = h('form', { 'aria-label': `Reply to notification ${n.id}` }, formError(),
          h('fieldset', {}, h('legend', {}, 'Reply'),
            h('label', {}, h('input', { type: 'radio', name: `reply-${n.id}`, value: 'no_objection', checked: true }), ' No objection'),
            h('label', {}, h('input', { type: 'radio', name: `reply-${n.id}`, value: 'objection' }), ' Objection')),
          field('Reasons (required for an objection)', reasons, { field: 'reasons' }),
          h('button', { type: 'submit' }, 'Send reply'));
        onSubmit(form, async () => {
          const reply = form.querySelector(`input[name=reply-${n.id}]:checked`).value;
          await post(`/api/v1/notifications/${n.id}/reply`, { reply, reasons: reasons.value });
          announce('Reply sent.');
          window.dispatchEvent(new HashChangeEvent('hashchange'));
        });
        card.append(form);
      }
      return card;
    }));
}
