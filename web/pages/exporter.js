// Exporter: applications list, the draft form (create/edit), documents,
// submission, information requests (upload, correct, answer), withdrawal,
// the licence.
import { get, getAll, post, patch, request } from '../api.js';
import { meta, countryCode } from '../meta.js';
import {
  h, field, input, textarea, select, formError, onSubmit, announce, table, dl, documentList, statusBadge, badge,
  when, countryInput, countryLabel, clockView,
} from './ui.js';

const terms = (vocabulary) => meta()[vocabulary].map((t) => [t.code, t.label]);

export const applicationsPage = {
  load: () => getAll('/api/v1/applications', 'applications'),
  view: ({ applications }) => h('section', {},
    h('h1', {}, 'My applications'),
    h('p', {}, h('a', { href: '#/applications/new', class: 'button' }, 'New application')),
    applications.length === 0 ? h('p', {}, 'No applications yet.') :
      table(['Application', 'Importer', 'Destination', 'Items', 'Status', 'Submitted'],
        applications.map((a) => [h('a', { href: `#/applications/${a.id}` }, `#${a.id}`), a.importer.name,
          countryLabel(a.destination), a.items.map((i) => i.substance).join(', '),
          statusBadge('application_statuses', a.status), when(a.submitted)]))),
};

// A number typed by a person: sent as a number when it is one, else as typed
// so the server names the field in its error.
const numberOrText = (v) => { const t = v.trim(); return t === '' || isNaN(Number(t)) ? t : Number(t); };

function itemRow(i, item = {}) {
  return h('fieldset', { class: 'item' },
    h('legend', {}, `Line item ${i + 1}`),
    field('Substance (SMILES, CAS RN or name)', input({ name: 'substance', value: item.substance || '' }), { field: `items[${i}].substance` }),
    field('Quantity', input({ name: 'quantity', inputmode: 'decimal', value: item.quantity ?? '' }), { field: `items[${i}].quantity` }),
    field('Unit', select(meta().units.map((u) => u.code), { name: 'unit', value: item.unit || 'kg' }), { field: `items[${i}].unit` }),
    field('HS code', input({ name: 'hs_code', value: item.hs_code || '', placeholder: '2933.39' }), { field: `items[${i}].hs_code` }),
    field('Concentration (% by weight, preparations only)', input({ name: 'concentration', inputmode: 'decimal', value: item.concentration ?? '' }),
      { field: `items[${i}].concentration` }));
}

function readItem(row) {
  const conc = row.querySelector('[name=concentration]').value.trim();
  return { substance: row.querySelector('[name=substance]').value, quantity: numberOrText(row.querySelector('[name=quantity]').value),
    unit: row.querySelector('[name=unit]').value, hs_code: row.querySelector('[name=hs_code]').value,
    concentration: conc === '' ? null : numberOrText(conc) };
}

// The consignee, route and import permit: what the pre-export notification
// tells the importing country besides the importer.
function shipmentDetails(app) {
  const c = (app && app.consignee) || {};
  const r = (app && app.route) || {};
  const f = {
    consigneeName: input({ name: 'consignee_name', value: c.name || '' }),
    consigneeCountry: countryInput({ name: 'consignee_country', value: c.country || '' }),
    consigneeAddress: textarea({ name: 'consignee_address', value: c.address || '' }),
    transit: input({ name: 'transit', value: (r.transit_countries || []).join(', '), placeholder: 'e.g. NL, BE' }),
    exit: input({ name: 'port_of_exit', value: r.port_of_exit || '' }),
    entry: input({ name: 'port_of_entry', value: r.port_of_entry || '' }),
    mode: select([['', '—'], ...terms('transport_modes')], { name: 'transport_mode', value: r.transport_mode || '' }),
    permit: input({ name: 'import_authorisation', value: (app && app.import_authorisation) || '' }),
  };
  const el = h('fieldset', {}, h('legend', {}, 'Consignee, route and import permit'),
    field('Consignee name (if not the importer)', f.consigneeName, { field: 'consignee.name' }),
    field('Consignee country', f.consigneeCountry, { field: 'consignee.country' }),
    field('Consignee address', f.consigneeAddress, { field: 'consignee.address' }),
    field('Transit countries (comma-separated)', f.transit, { field: 'route.transit_countries' }),
    field('Port of exit', f.exit, { field: 'route.port_of_exit' }),
    field('Port of entry', f.entry, { field: 'route.port_of_entry' }),
    field('Mode of transport', f.mode, { field: 'route.transport_mode' }),
    field("Importing country's permit number", f.permit, { field: 'import_authorisation' }));
  const read = () => ({
    consignee: f.consigneeName.value.trim() ? { name: f.consigneeName.value, country: countryCode(f.consigneeCountry.value),
      address: f.consigneeAddress.value } : null,
    route: { transit_countries: f.transit.value.split(',').map(countryCode).filter(Boolean),
      port_of_exit: f.exit.value, port_of_entry: f.entry.value, transport_mode: f.mode.value || null },
    import_authorisation: f.permit.value,
  });
  return { el, read };
}

export const applicationFormPage = {
  load: (m) => (m[1] ? get(`/api/v1/applications/${m[1]}`) : null),
  view(app) {
    const imp = (app && app.importer) || {};
    const f = {
      name: input({ name: 'importer_name', value: imp.name || '', autocomplete: 'organization' }),
      country: countryInput({ name: 'importer_country', value: imp.country || '' }),
      address: textarea({ name: 'importer_address', value: imp.address || '' }),
      reg: input({ name: 'importer_registration', value: imp.registration_number || '' }),
      destination: countryInput({ name: 'destination', value: (app && app.destination) || '' }),
      endUse: textarea({ name: 'end_use', value: (app && app.end_use) || '' }),
      date: input({ name: 'planned_shipment_date', type: 'date', value: (app && app.planned_shipment_date) || '' }),
    };
    const items = h('div', { class: 'items' });
    const initial = (app && app.items.length) ? app.items : [{}];
    initial.forEach((it, i) => items.append(itemRow(i, it)));
    const details = shipmentDetails(app);
    const form = h('form', { class: 'card', 'aria-labelledby': 'app-h', novalidate: true },
      h('h1', { id: 'app-h' }, app ? `Edit application #${app.id}` : 'New application'),
      formError(),
      h('fieldset', {}, h('legend', {}, 'Importer'),
        field('Importer name', f.name, { field: 'importer.name' }),
        field('Importer country', f.country, { field: 'importer.country', hint: 'A country name or its two-letter ISO code' }),
        field('Importer address', f.address, { field: 'importer.address' }),
        field('Importer registration number', f.reg, { field: 'importer.registration_number' })),
      h('fieldset', {}, h('legend', {}, 'Shipment'),
        field('Destination country', f.destination, { field: 'destination' }),
        field('End use', f.endUse, { field: 'end_use' }),
        field('Planned shipment date', f.date, { field: 'planned_shipment_date' })),
      details.el,
      items,
      h('p', {}, h('button', { type: 'button', class: 'secondary', onclick: () => items.append(itemRow(items.children.length)) }, 'Add line item')),
      h('button', { type: 'submit' }, app ? 'Save draft' : 'Create draft'));
    onSubmit(form, async () => {
      const body = {
        importer: { name: f.name.value, country: countryCode(f.country.value), address: f.address.value, registration_number: f.reg.value },
        destination: countryCode(f.destination.value), end_use: f.endUse.value, planned_shipment_date: f.date.value,
        ...details.read(),
        items: [...items.children].map(readItem),
      };
      const saved = app ? await patch(`/api/v1/applications/${app.id}`, { ...body, version: app.version })
        : await post('/api/v1/applications', body);
      announce(`Application #${saved.id} saved.`);
      location.hash = `#/applications/${saved.id}`;
    });
    return form;
  },
};

function uploadForm(app, ctx) {
  const type = select(terms('document_types'), { name: 'type' });
  const file = h('input', { type: 'file', name: 'file', accept: '.pdf,.png,.jpg,.jpeg,.txt,application/pdf,image/png,image/jpeg,text/plain' });
  const limit = Math.round(meta().max_document_bytes / (1024 * 1024));
  const form = h('form', { class: 'inline-form', 'aria-label': 'Upload a document' },
    formError(),
    field('Document type', type, { field: 'type' }),
    field(`File (PDF, PNG, JPEG or text, up to ${limit} MiB)`, file, { field: 'file' }),
    h('button', { type: 'submit' }, 'Upload'));
  onSubmit(form, async () => {
    const f = file.files[0];
    if (!f) throw { field: 'file', reason: 'choose a file' };
    await request('POST', `/api/v1/applications/${app.id}/documents?type=${type.value}&filename=${encodeURIComponent(f.name)}`,
      { body: f, headers: { 'Content-Type': f.type || 'application/octet-stream' } });
    announce(`${f.name} uploaded.`);
    ctx.rerender();
  });
  return form;
}

// The application as stored, in the shape PATCH takes: the fields a
// correction form does not show are sent back unchanged.
function inputOf(app) {
  return {
    importer: app.importer, destination: app.destination, end_use: app.end_use,
    planned_shipment_date: app.planned_shipment_date, import_authorisation: app.import_authorisation,
    consignee: app.consignee && app.consignee.name ? app.consignee : null, route: app.route,
    items: app.items.map((i) => ({ substance: i.substance, substance_type: i.substance_type, quantity: i.quantity,
      unit: i.unit, hs_code: i.hs_code, concentration: i.concentration })),
  };
}

// While information is requested the exporter may correct what does not
// change the goods, the destination or the importer (the server enforces it).
function correctionForm(app, ctx) {
  const imp = app.importer;
  const address = textarea({ name: 'importer_address', value: imp.address || '' });
  const reg = input({ name: 'importer_registration', value: imp.registration_number || '' });
  const endUse = textarea({ name: 'end_use', value: app.end_use || '' });
  const date = input({ name: 'planned_shipment_date', type: 'date', value: app.planned_shipment_date });
  const details = shipmentDetails(app);
  const hs = app.items.map((it, i) => input({ name: `hs_code_${i}`, value: it.hs_code }));
  const conc = app.items.map((it, i) => input({ name: `concentration_${i}`, inputmode: 'decimal', value: it.concentration ?? '' }));
  const form = h('form', { class: 'card', 'aria-labelledby': 'fix-h' },
    h('h2', { id: 'fix-h' }, 'Correct the application'),
    h('p', { class: 'muted' }, 'Substances, quantities, the destination and the importer stay as submitted; to change them, withdraw the application to a draft.'),
    formError(),
    field('Importer address', address, { field: 'importer.address' }),
    field('Importer registration number', reg, { field: 'importer.registration_number' }),
    field('End use', endUse, { field: 'end_use' }),
    field('Planned shipment date', date, { field: 'planned_shipment_date' }),
    app.items.map((it, i) => h('fieldset', { class: 'item' }, h('legend', {}, `Line item ${i + 1}: ${it.substance}`),
      field('HS code', hs[i], { field: `items[${i}].hs_code` }),
      field('Concentration (% by weight)', conc[i], { field: `items[${i}].concentration` }))),
    details.el,
    h('button', { type: 'submit' }, 'Save corrections'));
  onSubmit(form, async () => {
    const body = inputOf(app);
    body.importer = { ...imp, address: address.value, registration_number: reg.value };
    body.end_use = endUse.value;
    body.planned_shipment_date = date.value;
    Object.assign(body, details.read());
    body.items.forEach((it, i) => {
      it.hs_code = hs[i].value;
      it.concentration = conc[i].value.trim() === '' ? null : numberOrText(conc[i].value);
    });
    await patch(`/api/v1/applications/${app.id}`, { ...body, version: app.version });
    announce('Corrections saved; the application was screened again.');
    ctx.rerender();
  });
  return form;
}

function actionForm(ariaLabel, button, cls, run) {
  const form = h('form', { class: 'actions', 'aria-label': ariaLabel }, formError(), h('button', { type: 'submit', class: cls }, button));
  onSubmit(form, run);
  return form;
}

export const applicationPage = {
  load: (m) => get(`/api/v1/applications/${m[1]}`),
  view(app, ctx) {
    const draft = app.status === 'draft';
    const asked = app.status === 'information_requested';
    const parts = [
      h('h1', {}, `Application #${app.id} `, statusBadge('application_statuses', app.status)),
      dl([['Importer', `${app.importer.name}, ${app.importer.address}, ${countryLabel(app.importer.country)}`],
        ['Registration number', app.importer.registration_number], ['Destination', countryLabel(app.destination)],
        ['End use', app.end_use], ['Planned shipment', app.planned_shipment_date], ['Submitted', when(app.submitted)],
        app.revision ? ['Revision', String(app.revision)] : null,
        app.decision_reasons ? ['Decision reasons', app.decision_reasons] : null]),
      clockView(app.decision_clock),
      table(['#', 'Substance', 'Quantity', 'HS code', 'Screening'], app.items.map((it, i) => [String(i + 1), it.substance,
        `${it.quantity} ${it.unit}`, it.hs_code, app.screening && app.screening[i] ? badge(app.screening[i].current_verdict) : '—']), 'Line items'),
      h('h2', {}, 'Documents'),
      documentList(app),
    ];
    if (draft || asked) parts.push(uploadForm(app, ctx));
    if (draft) {
      parts.push(h('p', {}, h('a', { href: `#/applications/${app.id}/edit`, class: 'button secondary' }, 'Edit draft')),
        actionForm('Submit the application', 'Submit application', '', async () => {
          await post(`/api/v1/applications/${app.id}/submit`, { version: app.version });
          announce('Application submitted.');
          ctx.rerender();
        }));
    }
    if (app.information_requests.length) {
      parts.push(h('h2', {}, 'Information requests'));
      for (const r of app.information_requests) {
        parts.push(h('div', { class: 'card' }, h('p', {}, h('strong', {}, 'Question: '), r.question, ' ', h('span', { class: 'muted' }, when(r.asked))),
          r.answer ? h('p', {}, h('strong', {}, 'Answer: '), r.answer) : null));
      }
      if (asked) {
        parts.push(correctionForm(app, ctx));
        const answer = textarea({ name: 'answer', rows: 4 });
        const form = h('form', { 'aria-label': 'Answer the information request' }, formError(),
          field('Your answer', answer, { field: 'answer' }), h('button', { type: 'submit' }, 'Send answer'));
        onSubmit(form, async () => {
          await post(`/api/v1/applications/${app.id}/answer`, { answer: answer.value, version: app.version });
          announce('Answer sent.');
          ctx.rerender();
        });
        parts.push(form);
      }
    }
    if (['submitted', 'information_requested', 'verification'].includes(app.status)) {
      parts.push(actionForm('Withdraw the application', 'Withdraw to draft', 'secondary', async () => {
        await post(`/api/v1/applications/${app.id}/withdraw`, { version: app.version });
        announce('Application withdrawn to a draft; a pending pre-export notification was withdrawn.');
        ctx.rerender();
      }));
    }
    if (app.licence_number) parts.push(h('p', {}, 'Licence: ', h('a', { href: `#/licences/${app.licence_number}` }, app.licence_number)));
    return h('section', {}, parts);
  },
};
