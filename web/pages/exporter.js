// Exporter: applications list, the draft form (create/edit), documents,
// submission, information requests, the licence.
import { get, post, patch, request } from '../api.js';
import { h, field, input, textarea, select, formError, onSubmit, announce, badge, table, dl } from './ui.js';
import { clockView } from './officer.js';

const UNITS = ['kg', 'g', 'mg', 'L', 'mL'];
const DOC_TYPES = [['export_contract', 'Export contract'], ['proof_of_legal_business', "Proof of the importer's legal business"],
  ['import_permit', 'Import permit'], ['importer_guarantee', "Importer's guarantee"]];

export async function applicationsPage() {
  const { applications } = await get('/api/v1/applications');
  return h('section', {},
    h('h1', {}, 'My applications'),
    h('p', {}, h('a', { href: '#/applications/new', class: 'button' }, 'New application')),
    applications.length === 0 ? h('p', {}, 'No applications yet.') :
      table(['Application', 'Importer', 'Destination', 'Status', 'Submitted'],
        applications.map((a) => [h('a', { href: `#/applications/${a.id}` }, `#${a.id}`), a.importer.name,
          a.destination, badge(a.status), a.submitted || '—'])));
}

function itemRow(i, item = {}) {
  const row = h('fieldset', { class: 'item' },
    h('legend', {}, `Line item ${i + 1}`),
    field('Substance (SMILES, CAS RN or name)', input({ name: 'substance', value: item.substance || '' }), { field: `items[${i}].substance` }),
    field('Quantity', input({ name: 'quantity', inputmode: 'decimal', value: item.quantity ?? '' }), { field: `items[${i}].quantity` }),
    field('Unit', select(UNITS, { name: 'unit', value: item.unit || 'kg' }), { field: `items[${i}].unit` }),
    field('HS code', input({ name: 'hs_code', value: item.hs_code || '', placeholder: '2933.39' }), { field: `items[${i}].hs_code` }));
  return row;
}

export async function applicationForm(id) {
  const app = id ? await get(`/api/v1/applications/${id}`) : null;
  const imp = (app && app.importer) || {};
  const f = {
    name: input({ name: 'importer_name', value: imp.name || '', autocomplete: 'organization' }),
    country: input({ name: 'importer_country', value: imp.country || '', maxlength: 2, size: 3 }),
    address: textarea({ name: 'importer_address', value: imp.address || '' }),
    reg: input({ name: 'importer_registration', value: imp.registration_number || '' }),
    destination: input({ name: 'destination', value: (app && app.destination) || '', maxlength: 2, size: 3 }),
    endUse: textarea({ name: 'end_use', value: (app && app.end_use) || '' }),
    date: input({ name: 'planned_shipment_date', type: 'date', value: (app && app.planned_shipment_date) || '' }),
  };
  if (app) f.address.value = imp.address || '', f.endUse.value = app.end_use || '';
  const items = h('div', { class: 'items' });
  const initial = (app && app.items.length) ? app.items : [{}];
  initial.forEach((it, i) => items.append(itemRow(i, it)));
  const form = h('form', { class: 'card', 'aria-labelledby': 'app-h', novalidate: true },
    h('h1', { id: 'app-h' }, app ? `Edit application #${app.id}` : 'New application'),
    formError(),
    h('fieldset', {}, h('legend', {}, 'Importer'),
      field('Importer name', f.name, { field: 'importer.name' }),
      field('Importer country (ISO code)', f.country, { field: 'importer.country', hint: 'Two letters, e.g. DE' }),
      field('Importer address', f.address, { field: 'importer.address' }),
      field('Importer registration number', f.reg, { field: 'importer.registration_number' })),
    h('fieldset', {}, h('legend', {}, 'Shipment'),
      field('Destination country (ISO code)', f.destination, { field: 'destination' }),
      field('End use', f.endUse, { field: 'end_use' }),
      field('Planned shipment date', f.date, { field: 'planned_shipment_date' })),
    items,
    h('p', {}, h('button', { type: 'button', class: 'secondary', onclick: () => items.append(itemRow(items.children.length)) }, 'Add line item')),
    h('button', { type: 'submit' }, app ? 'Save draft' : 'Create draft'));
  onSubmit(form, async () => {
    const body = {
      importer: { name: f.name.value, country: f.country.value.trim().toUpperCase(), address: f.address.value, registration_number: f.reg.value },
      destination: f.destination.value.trim().toUpperCase(), end_use: f.endUse.value, planned_shipment_date: f.date.value,
      items: [...items.children].map((row) => {
        const q = row.querySelector('[name=quantity]').value.trim();
        return { substance: row.querySelector('[name=substance]').value, quantity: q === '' || isNaN(Number(q)) ? q : Number(q),
          unit: row.querySelector('[name=unit]').value, hs_code: row.querySelector('[name=hs_code]').value };
      }),
    };
    const saved = app ? await patch(`/api/v1/applications/${app.id}`, { ...body, version: app.version })
      : await post('/api/v1/applications', body);
    announce(`Application #${saved.id} saved.`);
    location.hash = `#/applications/${saved.id}`;
  });
  return form;
}

function uploadForm(app) {
  const type = select(DOC_TYPES, { name: 'type' });
  const file = h('input', { type: 'file', name: 'file', accept: '.pdf,.png,.jpg,.jpeg,.txt,application/pdf,image/png,image/jpeg,text/plain' });
  const form = h('form', { class: 'inline-form', 'aria-label': 'Upload a document' },
    formError(),
    field('Document type', type, { field: 'type' }),
    field('File (PDF, PNG, JPEG or text, up to 10 MiB)', file, { field: 'file' }),
    h('button', { type: 'submit' }, 'Upload'));
  onSubmit(form, async () => {
    const f = file.files[0];
    if (!f) throw { field: 'file', reason: 'choose a file' };
    await request('POST', `/api/v1/applications/${app.id}/documents?type=${type.value}&filename=${encodeURIComponent(f.name)}`,
      { body: f, headers: { 'Content-Type': f.type || 'application/octet-stream' } });
    announce(`${f.name} uploaded.`);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  });
  return form;
}

export async function applicationPage(id) {
  const app = await get(`/api/v1/applications/${id}`);
  const draft = app.status === 'draft';
  const parts = [
    h('h1', {}, `Application #${app.id} `, badge(app.status)),
    dl([['Importer', `${app.importer.name} (${app.importer.country}), ${app.importer.address}`],
      ['Registration number', app.importer.registration_number], ['Destination', app.destination],
      ['End use', app.end_use], ['Planned shipment', app.planned_shipment_date], ['Submitted', app.submitted],
      app.decision_reasons ? ['Decision reasons', app.decision_reasons] : null]),
    clockView(app.decision_clock),
    table(['#', 'Substance', 'Quantity', 'HS code', 'Screening'], app.items.map((it, i) => [String(i + 1), it.substance,
      `${it.quantity} ${it.unit}`, it.hs_code, app.screening && app.screening[i] ? badge(app.screening[i].current_verdict) : '—']), 'Line items'),
    h('h2', {}, 'Documents'),
    app.documents.length ? h('ul', {}, app.documents.map((d) => h('li', {}, `${d.type}: ${d.filename} (${d.size} bytes)`))) : h('p', {}, 'No documents.'),
  ];
  if (draft) {
    parts.push(uploadForm(app));
    const submit = h('form', { class: 'actions', 'aria-label': 'Submit the application' }, formError(),
      h('a', { href: `#/applications/${app.id}/edit`, class: 'button secondary' }, 'Edit draft'), ' ',
      h('button', { type: 'submit' }, 'Submit application'));
    onSubmit(submit, async () => {
      await post(`/api/v1/applications/${app.id}/submit`, { version: app.version });
      announce('Application submitted.');
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    parts.push(submit);
  }
  if (app.information_requests.length) {
    parts.push(h('h2', {}, 'Information requests'));
    for (const r of app.information_requests) {
      parts.push(h('div', { class: 'card' }, h('p', {}, h('strong', {}, 'Question: '), r.question),
        r.answer ? h('p', {}, h('strong', {}, 'Answer: '), r.answer) : null));
    }
    if (app.status === 'information_requested') {
      const answer = textarea({ name: 'answer', rows: 4 });
      const form = h('form', { 'aria-label': 'Answer the information request' }, formError(),
        field('Your answer', answer, { field: 'answer' }), h('button', { type: 'submit' }, 'Send answer'));
      onSubmit(form, async () => {
        await post(`/api/v1/applications/${app.id}/answer`, { answer: answer.value, version: app.version });
        announce('Answer sent.');
        window.dispatchEvent(new HashChangeEvent('hashchange'));
      });
      parts.push(form);
    }
  }
  if (app.licence_number) parts.push(h('p', {}, 'Licence: ', h('a', { href: `#/licences/${app.licence_number}` }, app.licence_number)));
  return h('section', {}, parts);
}
