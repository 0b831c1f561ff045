// The single-page app: hash routes, a navigation bar by role, one module per
// page. A page is { load(match) -> data, view(data, ctx) -> element }:
// loading talks to the API, viewing only builds the DOM, and an action that
// changed something calls ctx.rerender(), which loads and views the page
// again while keeping what was typed in the other forms.
import { session, logout } from './api.js';
import { loadMeta, forgetMeta } from './meta.js';
import { h, snapshotForms, restoreForms } from './pages/ui.js';
import { loginPage } from './pages/login.js';
import { applicationsPage, applicationFormPage, applicationPage } from './pages/exporter.js';
import { queuePage, reviewPage } from './pages/officer.js';
import { inboxPage } from './pages/authority.js';
import { customsPage } from './pages/customs.js';
import { licencePage, printPage } from './pages/licence.js';
import { screenPage } from './pages/screen.js';
import { scanPage } from './pages/scan.js';
import { registryPage } from './pages/registry.js';

const NAV = {
  exporter: [['#/applications', 'My applications'], ['#/applications/new', 'New application']],
  officer: [['#/queue', 'Queue']],
  authority: [['#/notifications', 'Notifications']],
  customs: [['#/customs', 'Licences']],
};
const HOME = { exporter: '#/applications', officer: '#/queue', authority: '#/notifications', customs: '#/customs' };

const ROUTES = [
  [/^#\/login$/, loginPage],
  [/^#\/applications$/, applicationsPage],
  [/^#\/applications\/new$/, applicationFormPage],
  [/^#\/applications\/(\d+)\/edit$/, applicationFormPage],
  [/^#\/applications\/(\d+)$/, applicationPage],
  [/^#\/queue$/, queuePage],
  [/^#\/review\/(\d+)$/, reviewPage],
  [/^#\/notifications$/, inboxPage],
  [/^#\/customs$/, customsPage],
  [/^#\/verify\/([A-Za-z0-9-]+)$/, customsPage],
  [/^#\/licences\/([A-Za-z0-9-]+)\/print$/, printPage],
  [/^#\/licences\/([A-Za-z0-9-]+)$/, licencePage],
  [/^#\/screen$/, screenPage],
  [/^#\/scan$/, scanPage],
  [/^#\/registry$/, registryPage],
];

function renderNav() {
  const s = session();
  const nav = document.getElementById('nav');
  const who = document.getElementById('whoami');
  nav.replaceChildren();
  who.replaceChildren();
  if (!s) return;
  const role = s.user.role;
  const links = [...(NAV[role] || []), ['#/screen', 'Screening'], ['#/scan', 'Scan text'], ['#/registry', 'Registry']];
  nav.append(h('ul', {}, links.map(([href, label]) =>
    h('li', {}, h('a', { href, 'aria-current': location.hash === href ? 'page' : null }, label)))));
  who.append(`${s.user.username} (${role}, ${s.organisation.name}) `,
    h('button', { type: 'button', class: 'link', onclick: async () => {
      await logout();
      forgetMeta();
      document.getElementById('status').textContent = '';
      location.hash = '#/login';
    } }, 'Sign out'));
}

// Each navigation gets a number; a page that finishes loading after the user
// (or a redirect) has moved on is dropped instead of replacing the newer one.
let navigation = 0;

async function show({ keepTyped = false } = {}) {
  const current = ++navigation;
  const s = session();
  const hash = location.hash || '';
  if (!s && hash !== '#/login') { location.hash = '#/login'; return; }
  if (s && (hash === '' || hash === '#/' || hash === '#/login')) { location.hash = HOME[s.user.role] || '#/screen'; return; }
  renderNav();
  const main = document.getElementById('main');
  const found = ROUTES.find(([re]) => re.test(hash));
  const typed = keepTyped ? snapshotForms(main) : null;
  if (!keepTyped) main.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
  try {
    if (!found) { main.replaceChildren(h('p', {}, 'No such page.')); return; }
    const page = found[1];
    if (s) await loadMeta();
    const match = hash.match(found[0]);
    const data = page.load ? await page.load(match) : null;
    if (current !== navigation) return;
    const el = page.view(data, { match, rerender: () => show({ keepTyped: true }) });
    main.replaceChildren(el);
    if (typed) restoreForms(main, typed);
  } catch (err) {
    if (current !== navigation) return;
    if (err.status === 401) { location.hash = '#/login'; return; }
    main.replaceChildren(h('p', { class: 'form-error', role: 'alert' }, err.reason || String(err)));
  }
  if (keepTyped) return;  // the user's focus stays where it was
  const heading = main.querySelector('h1');
  if (heading) { heading.tabIndex = -1; heading.focus(); document.title = `${heading.textContent} — Precursor Control`; }
}

window.addEventListener('hashchange', () => show());
show();
