// A licence: validity, items, quantities drawn, shipments.
import { get } from '../api.js';
import { h, badge, table, dl } from './ui.js';

export function licenceView(l) {
  return h('div', {},
    dl([['Number', l.number], ['Status', badge(l.status)], ['Valid', `${l.valid_from} to ${l.valid_until}`],
      ['Importer', l.importer && `${l.importer.name} (${l.importer.country})`], ['Destination', l.destination],
      l.revocation_reasons ? ['Revoked because', l.revocation_reasons] : null]),
    table(['Item', 'Substance', 'Licensed', 'Remaining'], (l.items || []).map((i) =>
      [String(i.item + 1), i.substance, `${i.quantity} ${i.unit}`, `${i.remaining} ${i.unit}`]), 'Licensed quantities'));
}

export async function licencePage(number) {
  const l = await get(`/api/v1/licences/${number}`);
  return h('section', {}, h('h1', {}, `Licence ${l.number}`), licenceView(l));
}
