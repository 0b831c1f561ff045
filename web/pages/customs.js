// Customs: verify a licence, record a shipment against it.
import { get, post } from '../api.js';
import { h, field, input, formError, onSubmit, announce, table } from './ui.js';
import { licenceView } from './licence.js';

export function customsPage() {
  const number = input({ name: 'licence', placeholder: 'CN-PC-2026-1' });
  const out = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'card', 'aria-labelledby': 'cu-h' },
    h('h1', { id: 'cu-h' }, 'Verify a licence'), formError(),
    field('Licence number', number, { field: 'number' }),
    h('button', { type: 'submit' }, 'Verify'));
  async function show() {
    const n = number.value.trim();
    if (!n) throw { field: 'number', reason: 'enter a licence number' };
    const v = await get(`/api/v1/licences/${encodeURIComponent(n)}/verify`);
    out.replaceChildren(h('h2', { class: `verify verify-${v.status}` }, `Licence ${v.number}: ${v.status}`));
    if (v.status === 'unknown') return;
    out.append(licenceView({ ...v, status: v.status }));
    const { shipments } = await get(`/api/v1/licences/${encodeURIComponent(n)}/shipments`);
    out.append(h('h2', {}, 'Shipments'), shipments.length ? table(['Reference', 'Recorded', 'Lines'],
      shipments.map((s) => [s.reference, s.recorded || s.time || '', (s.lines || []).map((l) => `item ${l.item + 1}: ${l.quantity}`).join(', ')])) :
      h('p', {}, 'None recorded.'));
    if (v.status !== 'valid') return;
    const ref = input({ name: 'reference' });
    const qty = v.items.map((i) => input({ name: `qty-${i.item}`, inputmode: 'decimal' }));
    const ship = h('form', { class: 'card', 'aria-label': 'Record a shipment' }, formError(),
      h('h2', {}, 'Record a shipment'),
      field('Customs declaration reference', ref, { field: 'reference' }),
      v.items.map((i, k) => field(`Quantity of item ${i.item + 1} (${i.substance}) in ${i.unit}, ${i.remaining} remaining`, qty[k],
        { field: `lines[${k}].quantity` })),
      h('button', { type: 'submit' }, 'Record shipment'));
    onSubmit(ship, async () => {
      const lines = v.items.map((i, k) => ({ item: i.item, quantity: qty[k].value.trim() === '' ? 0 : Number(qty[k].value) }))
        .filter((l) => l.quantity !== 0);
      await post(`/api/v1/licences/${encodeURIComponent(n)}/shipments`, { reference: ref.value, lines });
      announce('Shipment recorded.');
      await show();
    });
    out.append(ship);
  }
  onSubmit(form, show);
  return h('section', {}, form, out);
}
