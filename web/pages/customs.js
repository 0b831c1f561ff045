// Customs: find licences by number, exporter or HS code; verify one against
// a declaration and record the shipment. #/verify/NUMBER (the e-licence's QR
// code) opens the verification directly.
import { get, getAll, post } from '../api.js';
import { h, field, input, formError, onSubmit, announce, table, statusBadge, when } from './ui.js';
import { licenceView } from './licence.js';

function searchForm(out) {
  const number = input({ name: 'number', placeholder: 'CN-PC-2026' });
  const exporter = input({ name: 'exporter' });
  const hs = input({ name: 'hs_code', placeholder: '2933.36' });
  const form = h('form', { class: 'card inline-form', 'aria-labelledby': 'cs-h' },
    h('h1', { id: 'cs-h' }, 'Licences'), formError(),
    field('Licence number (or part)', number, { field: 'number' }),
    field('Exporter (or part of the name)', exporter, { field: 'exporter' }),
    field('HS code', hs, { field: 'hs_code' }),
    h('button', { type: 'submit' }, 'Find'));
  onSubmit(form, async () => {
    const q = new URLSearchParams();
    if (number.value.trim()) q.set('number', number.value.trim());
    if (exporter.value.trim()) q.set('exporter', exporter.value.trim());
    if (hs.value.trim()) q.set('hs_code', hs.value.trim());
    const { licences } = await getAll(`/api/v1/licences?${q}`, 'licences');
    out.replaceChildren(licences.length ? table(['Licence', 'Exporter', 'Destination', 'Items', 'Valid until', 'State'],
      licences.map((l) => [h('a', { href: `#/verify/${l.number}` }, l.number), l.exporter_name || '—', l.destination,
        l.items.map((i) => `${i.name || i.substance} (HS ${i.hs_code || '—'})`).join('; '), l.valid_until,
        statusBadge('licence_states', l.state)]), `${licences.length} licence(s)`) : h('p', {}, 'No licence matches.'));
  });
  return form;
}

async function verify(number, out) {
  const v = await get(`/api/v1/licences/${encodeURIComponent(number)}/verify`);
  out.replaceChildren(h('h2', { class: `verify verify-${v.status}` }, `Licence ${v.number}: `, statusBadge('licence_states', v.status)));
  if (v.status === 'unknown') { out.append(h('p', {}, 'No licence with this number was issued for an exit from this country.')); return; }
  out.append(licenceView({ ...v, state: v.status, exporter_name: v.exporter }));
  const { shipments } = await getAll(`/api/v1/licences/${encodeURIComponent(number)}/shipments`, 'shipments');
  out.append(h('h2', {}, 'Shipments'), shipments.length ? table(['Declaration', 'Recorded', 'Lines'],
    shipments.map((s) => [s.reference, when(s.recorded), s.lines.map((l) => `item ${l.item + 1}: ${l.quantity}`).join(', ')])) :
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
    await post(`/api/v1/licences/${encodeURIComponent(number)}/shipments`, { reference: ref.value, lines });
    announce('Shipment recorded.');
    await verify(number, out);
  });
  out.append(ship);
}

export const customsPage = {
  view(_, ctx) {
    const found = h('div', { 'aria-live': 'polite' });
    const out = h('div', { 'aria-live': 'polite' });
    const number = input({ name: 'licence', placeholder: 'CN-PC-2026-000001', value: ctx.match[1] || '' });
    const form = h('form', { class: 'card inline-form', 'aria-labelledby': 'cu-h' },
      h('h2', { id: 'cu-h' }, 'Verify a licence'), formError(),
      field('Licence number', number, { field: 'number' }),
      h('button', { type: 'submit' }, 'Verify'));
    onSubmit(form, async () => {
      const n = number.value.trim();
      if (!n) throw { field: 'number', reason: 'enter a licence number' };
      await verify(n, out);
    });
    if (ctx.match[1]) setTimeout(() => form.isConnected && form.requestSubmit(), 0);
    return h('section', {}, searchForm(found), found, form, out);
  },
};
