// A licence: validity, items, quantities drawn; and the printable e-licence
// with a QR code that links to its verification page.
import { get, request } from '../api.js';
import { h, dl, table, statusBadge, when, countryLabel } from './ui.js';

export function licenceView(l) {
  return h('div', {},
    dl([['Number', l.number], ['State', statusBadge('licence_states', l.state || l.status)],
      ['Valid', `${l.valid_from} to ${l.valid_until}`],
      l.exporter_name || l.exporter ? ['Exporter', l.exporter_name || l.exporter] : null,
      ['Importer', l.importer && `${l.importer.name}, ${countryLabel(l.importer.country)}`], ['Destination', countryLabel(l.destination)],
      l.issued ? ['Issued', when(l.issued)] : null,
      l.revocation_reasons ? ['Revoked because', l.revocation_reasons] : null]),
    table(['Item', 'Substance', 'Listed as', 'CAS RN', 'HS code', 'Licensed', 'Remaining'], (l.items || []).map((i) =>
      [String(i.item + 1), i.substance, i.name || '—', i.cas || '—', i.hs_code || '—', `${i.quantity} ${i.unit}`, `${i.remaining} ${i.unit}`]),
    'Licensed quantities'));
}

export const licencePage = {
  load: (m) => get(`/api/v1/licences/${m[1]}`),
  view: (l) => h('section', {}, h('h1', {}, `Licence ${l.number}`), licenceView(l),
    h('p', {}, h('a', { href: `#/licences/${l.number}/print`, class: 'button secondary' }, 'Printable e-licence'))),
};

// The e-licence as a page to print: everything customs checks, and a QR
// code of the verification link.
export const printPage = {
  async load(m) {
    const l = await get(`/api/v1/licences/${m[1]}`);
    const res = await request('GET', `/api/v1/licences/${m[1]}/qr.svg`, { raw: true });
    return { l, qr: URL.createObjectURL(await res.blob()) };
  },
  view({ l, qr }) {
    const img = h('img', { src: qr, class: 'qr', width: 160, height: 160, alt: `QR code linking to the verification of licence ${l.number}` });
    img.addEventListener('load', () => URL.revokeObjectURL(qr), { once: true });
    return h('section', { class: 'print' },
      h('h1', {}, `Export licence for precursor chemicals ${l.number}`),
      h('div', { class: 'print-head' }, licenceView(l), h('figure', {}, img, h('figcaption', { class: 'small' }, 'Scan to verify'))),
      h('p', { class: 'small muted' }, 'Issued under the China Regulations on the Administration of Precursor Chemicals. Verify the licence and what remains of it before release.'),
      h('p', { class: 'no-print' }, h('button', { type: 'button', onclick: () => window.print() }, 'Print')));
  },
};
