// The single-page app: hash routes, a navigation bar by role, one module per page.
import { session, logout } from './api.js';
import { h } from './pages/ui.js';
import { loginPage } from './pages/login.js';
import { applicationsPage, applicationForm, applicationPage } from './pages/exporter.js';
import { queuePage, reviewPage } from './pages/officer.js';
import { inboxPage } from './pages/authority.js';
import { customsPage } from './pages/customs.js';
import { licencePage } from './pages/licence.js';
import { screenPage } from './pages/screen.js';
import { registryPage } from './pages/registry.js';

const NAV = {
  exporter: [['#/applications', 'My applications'], ['#/applications/new', 'New application']],
  officer: [['#/queue', 'Queue']],
  authority: [['#/notifications', 'Notifications']],
  customs: [['#/customs', 'Verify licence']],
};
const HOME = { exporter: '#/applications', officer: '#/queue', authority: '#/notifications', customs: '#/customs' };

const ROUTES = [
  [/^#\/login$/, () => loginPage],
  [/^#\/applications$/, () => applicationsPage],
  [/^#\/applications\/new$/, () => (m) => applicationForm(null)],
  [/^#\/applications\/(\d+)\/edit$/, () => (m) => applicationForm(m[1])],
  [/^#\/applications\/(\d+)$/, () => (m) => applicationPage(m[1])],
  [/^#\/queue$/, () => queuePage],
  [/^#\/review\/(\d+)$/, () => (m) => reviewPage(m[1])],
  [/^#\/notifications$/, () => inboxPage],
  [/^#\/customs$/, () => customsPage],
  [/^#\/licences\/([A-Za-z0-9-]+)$/, () => (m) => licencePage(m[1])],
  [/^#\/screen$/, () => screenPage],
  [/^#\/registry$/, () => registryPage],
];

function renderNav() {
  const s = session();
  const nav = document.getElementById('nav');
  const who = document.getElementById('whoami');
  nav.replaceChildren();
  who.replaceChildren();
  if (!s) return;
  const role = s.user.role;
  const links = [...(NAV[role] || []), ['#/screen', 'Screening'], ['#/registry', 'Registry']];
  nav.append(h('ul', {}, links.map(([href, label]) =>
    h('li', {}, h('a', { href, 'aria-current': location.hash === href ? 'page' : null }, label)))));
  who.append(`${s.user.username} (${role}, ${s.organisation.name}) `,
    h('button', { type: 'button', class: 'link', onclick: async () => { await logout(); document.getElementById('status').textContent = ''; location.hash = '#/login'; } }, 'Sign out'));
}

// Each navigation gets a number; a page that finishes loading after the user
// (or a redirect) has moved on is dropped instead of replacing the newer one.
let navigation = 0;

async function route() {
  const current = ++navigation;
  const s = session();
  let hash = location.hash || '';
  if (!s && hash !== '#/login') { location.hash = '#/login'; return; }
  if (s && (hash === '' || hash === '#/' || hash === '#/login')) { location.hash = HOME[s.user.role] || '#/screen'; return; }
  renderNav();
  const main = document.getElementById('main');
  const found = ROUTES.find(([re]) => re.test(hash));
  main.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
  try {
    const page = found ? found[1]()(hash.match(found[0])) : h('p', {}, 'No such page.');
    const el = await page;
    if (current !== navigation) return;
    main.replaceChildren(el);
  } catch (err) {
    if (current !== navigation) return;
    if (err.status === 401) { location.hash = '#/login'; return; }
    main.replaceChildren(h('p', { class: 'form-error', role: 'alert' }, err.reason || String(err)));
  }
  const heading = main.querySelector('h1');
  if (heading) { heading.tabIndex = -1; heading.focus(); document.title = `${heading.textContent} — Precursor Control`; }
}

window.addEventListener('hashchange', route);
route();
