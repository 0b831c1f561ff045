// End-to-end test of the web interface: starts a real `precursor serve --demo`
// on a free port with a fresh data directory, drives Debian's Chromium
// (headless, through playwright-core) through the whole licensing scenario
// across the four roles, the screening page and the registry page, and
// writes a screenshot of each page to web/e2e/screenshots/. After every step
// the page's text is checked for raw JSON: people read words, not objects.
//
//   node web/e2e/run.mjs [path/to/precursor]
//   (default: $PRECURSOR_BIN, else build/precursor; $CHROMIUM overrides /usr/bin/chromium)
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const bin = process.argv[2] || process.env.PRECURSOR_BIN || path.join(root, 'build/precursor');
const browserPath = process.env.CHROMIUM || '/usr/bin/chromium';
const shots = path.join(here, 'screenshots');
mkdirSync(shots, { recursive: true });
rmSync(path.join(shots, 'failure.png'), { force: true });  // a previous run's
if (!existsSync(bin)) { console.error(`precursor binary not found: ${bin}`); process.exit(2); }
if (!existsSync(browserPath)) { console.error(`Chromium not found at ${browserPath} (Debian package chromium)`); process.exit(2); }

const data = mkdtempSync(path.join(tmpdir(), 'precursor-web-e2e-'));
let server, browser, step = 0, failed = false;

function startServer() {
  return new Promise((resolve, reject) => {
    server = spawn(bin, ['serve', '--demo', '--port', '0', '--data', data], {
      env: { ...process.env, PRECURSOR_WEB: path.join(root, 'web') }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 60000);
    server.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    server.stderr.on('data', (d) => { if (process.env.E2E_VERBOSE) process.stderr.write(d); });
    server.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited with ${code}: ${out}`)); });
  });
}

let currentPage = null;
// A page's text must never show raw JSON ({"...) or a raw UTC timestamp to
// the person reading it.
async function expectNoRawJson(where) {
  if (!currentPage) return;
  const text = await currentPage.evaluate(() => document.body.innerText);
  const at = text.search(/\{\s*"|\[\s*\{/);
  if (at >= 0) throw new Error(`expected: no raw JSON on the page (${where}), found "${text.slice(Math.max(0, at - 40), at + 80)}"`);
  // Times in the reader's own zone, never a raw UTC timestamp.
  const iso = text.search(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
  if (iso >= 0) throw new Error(`expected: no raw timestamp on the page (${where}), found "${text.slice(Math.max(0, iso - 40), iso + 40)}"`);
}

async function check(name, fn) {
  step += 1;
  try {
    await fn();
    await expectNoRawJson(name);
    console.log(`ok ${step} - ${name}`);
  } catch (err) {
    failed = true;
    console.log(`not ok ${step} - ${name}\n  ${String(err.stack || err).split('\n').slice(0, 6).join('\n  ')}`);
    throw err;
  }
}

function expect(cond, what) { if (!cond) throw new Error(`expected: ${what}`); }

const base = await startServer();
console.log(`# server ${base}, data ${data}`);
try {
  browser = await chromium.launch({
    executablePath: browserPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  currentPage = page;
  page.setDefaultTimeout(20000);
  const consoleErrors = [];
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  // The whole page, except where it is a long list (the registry): its first screen.
  const shot = async (name, { fullPage = true } = {}) => {
    await expectNoRawJson(name);
    await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage });
  };

  async function signIn(user) {
    await page.goto(`${base}/#/login`);
    await page.getByLabel('User name').fill(user);
    await page.getByLabel('Password').fill(`${user}-demo`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  }
  async function upload(type, name, mimeType, text) {
    await page.getByLabel('Document type').selectOption(type);
    await page.getByLabel(/^File/).setInputFiles({ name, mimeType, buffer: Buffer.from(text) });
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByRole('button', { name }).waitFor();
  }
  async function signOut() {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  }

  await check('the app is served at / with its assets', async () => {
    const r = await page.goto(`${base}/`);
    expect(r.status() === 200, '200 for /');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await shot('01-login');
  });

  await check('a wrong password is refused beside the form, user name kept', async () => {
    await page.getByLabel('User name').fill('exporter');
    await page.getByLabel('Password').fill('wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.form-error:not(:empty)').waitFor();
    expect(await page.getByLabel('User name').inputValue() === 'exporter', 'user name preserved');
  });

  let appId;
  await check('exporter: a validation error shows next to its field and keeps what was typed', async () => {
    await signIn('exporter');
    await page.getByRole('link', { name: 'New application' }).first().click();
    await page.getByRole('heading', { name: 'New application' }).waitFor();
    await page.getByLabel('Importer name').fill('Rhein Pharma Synthese GmbH');
    await page.getByLabel('Importer country').fill('Germany');
    await page.getByLabel('Importer address').fill('Industriestrasse 5, 68169 Mannheim');
    await page.getByLabel('Importer registration number').fill('HRB 700123');
    await page.getByLabel('Destination country').fill('DE');
    await page.getByLabel('End use').fill('Reference standard for forensic laboratories');
    await page.getByLabel('Planned shipment date').fill('2027-03-01');
    await page.getByLabel('Substance (SMILES, CAS RN or name)').fill('c1ccc(cc1)CCN1CCC(CC1)Nc1ccccc1');
    await page.getByLabel('Quantity').fill('-5');
    await page.getByLabel('HS code').fill('2933.39');
    await page.getByRole('button', { name: 'Create draft' }).click();
    const qty = page.getByLabel('Quantity');
    await page.locator('[data-field="items[0].quantity"][aria-invalid=true]').waitFor();
    const errId = (await qty.getAttribute('aria-describedby')).split(' ')[0];
    const errText = await page.locator(`#${errId}`).textContent();
    expect(errText.length > 0, `error text next to the quantity field (got "${errText}")`);
    expect(await page.getByLabel('Importer name').inputValue() === 'Rhein Pharma Synthese GmbH', 'importer name preserved');
    expect(await qty.inputValue() === '-5', 'the wrong quantity is still there to correct');
    await shot('02-validation-error');
  });

  await check('exporter: drafts, uploads documents and submits', async () => {
    await page.getByLabel('Quantity').fill('25');
    await page.getByRole('button', { name: 'Create draft' }).click();
    await page.getByRole('button', { name: 'Submit application' }).waitFor();
    appId = (await page.evaluate(() => location.hash)).match(/applications\/(\d+)/)[1];
    await upload('export_contract', 'contract.pdf', 'application/pdf', '%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    await upload('proof_of_legal_business', 'registration.txt', 'text/plain', 'Handelsregister HRB 700123, Mannheim');
    await page.getByRole('button', { name: 'Submit application' }).click();
    await page.locator('h1 .badge-submitted').waitFor();
    await shot('03-exporter-application');
  });

  let licence;
  await check('officer: queue with risk flags, verdicts per jurisdiction with depiction and citation', async () => {
    await signOut();
    await signIn('officer');
    await page.getByRole('heading', { name: 'Applications queue' }).waitFor();
    const row = page.locator('tr', { has: page.getByRole('link', { name: `#${appId}` }) });
    await row.locator('.badge-controlled').waitFor();
    await shot('04-officer-queue');
    await row.getByRole('link', { name: `#${appId}` }).click();
    await page.getByRole('heading', { name: `Review application #${appId}` }).waitFor();
    await page.locator('.risk').getByText('HS code inconsistencies').waitFor();
    await page.getByRole('tab', { name: /Items and screening/ }).click();
    const item = page.locator('.item-review').first();
    await item.locator('.jur .badge-controlled').first().waitFor();
    const citations = await item.locator('.citation').count();
    expect(citations > 0, 'at least one citation');
    await page.waitForFunction(() => [...document.querySelectorAll('img.depiction')].some((i) => i.complete && i.naturalWidth > 0));
  });

  await check('officer asks for information; the exporter uploads, corrects and answers', async () => {
    await page.getByRole('tab', { name: 'Overview' }).click();
    await page.locator('.conditions .unmet', { hasText: 'Required documents' }).first().waitFor();
    await page.getByRole('tab', { name: /Questions/ }).click();
    await page.getByLabel('Question to the exporter').fill("Please correct the HS code and send the importer's guarantee.");
    await page.getByRole('button', { name: 'Request information' }).click();
    await page.locator('h1 .badge-information_requested').waitFor();
    await signOut();
    await signIn('exporter');
    await page.goto(`${base}/#/applications/${appId}`);
    await page.getByText('Please correct the HS code').waitFor();
    await upload('importer_guarantee', 'guarantee.txt', 'text/plain', 'The importer guarantees the stated end use.');
    const form = page.locator('form', { has: page.getByRole('heading', { name: 'Correct the application' }) });
    await form.getByLabel('HS code').fill('2933.36');
    await form.getByRole('button', { name: 'Save corrections' }).click();
    await page.getByText('the application was screened again').waitFor();
    await shot('05-exporter-answer');
    await page.getByLabel('Your answer').fill('HS code corrected to 2933.36; guarantee uploaded.');
    await page.getByRole('button', { name: 'Send answer' }).click();
    await page.getByText('HS code corrected to 2933.36; guarantee uploaded.').waitFor();
    await page.getByLabel('Your answer').waitFor({ state: 'detached' });
    await signOut();
    await signIn('officer');
    await page.goto(`${base}/#/review/${appId}`);
    await page.getByText('A: HS code corrected').waitFor();
    // The diff since the question, and the new document, downloadable.
    const diff = page.locator('table', { has: page.locator('caption', { hasText: 'Changes since the question' }) });
    await diff.getByRole('cell', { name: 'items[0].hs_code' }).waitFor();
    await diff.getByRole('cell', { name: '2933.36' }).waitFor();
    expect(await diff.getByRole('cell', { name: /guarantee\.txt/ }).count() > 0, 'the uploaded document in the diff');
    await page.getByRole('tab', { name: 'Overview' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'guarantee.txt' }).click()]);
    expect(readFileSync(await download.path(), 'utf8').includes('guarantees the stated end use'), 'the document downloads');
    await page.getByText('Demo Fine Chemicals Co., Ltd.').first().waitFor();
  });

  await check('officer: sends the pre-export notification, the decision clock is shown', async () => {
    await page.getByRole('tab', { name: 'Pre-export notification' }).click();
    await page.getByRole('button', { name: 'Send pre-export notification' }).click();
    await page.locator('td .badge-pending').waitFor();
    await page.getByRole('tab', { name: 'Overview' }).click();
    await page.locator('.clock').waitFor();
    await shot('06-officer-review');
  });

  await check('importing authority: replies no objection', async () => {
    await signOut();
    await signIn('authority');
    await page.getByRole('heading', { name: 'Pre-export notifications' }).waitFor();
    const card = page.locator('article', { hasText: `application #${appId}` });
    await page.getByRole('cell', { name: '2933.36' }).first().waitFor();  // the notification lists HS codes
    await shot('07-authority-inbox');
    await card.getByLabel('No objection').check();
    await card.getByRole('button', { name: 'Send reply' }).click();
    await page.locator('article', { hasText: `application #${appId}` }).locator('.badge-no_objection').waitFor();
  });

  await check('officer: sees the reply and approves; a licence is issued', async () => {
    await signOut();
    await signIn('officer');
    await page.goto(`${base}/#/review/${appId}`);
    await page.getByRole('tab', { name: 'Pre-export notification' }).click();
    await page.locator('td .badge-no_objection').waitFor();
    await page.getByRole('tab', { name: 'Decision' }).click();
    await page.locator('#cond-decision-h .badge-ready').waitFor();
    await page.getByLabel('Reasons', { exact: true }).fill('Documents complete; importing authority raised no objection.');
    await page.getByRole('button', { name: 'Approve and issue licence' }).click();
    await page.locator('h1 .badge-approved').waitFor();
    licence = (await page.getByRole('link', { name: /^CN-PC-/ }).textContent()).trim();
    expect(/^CN-PC-\d{4}-\d+$/.test(licence), `licence number (got ${licence})`);
  });

  await check('customs: verifies the licence and records a shipment', async () => {
    await signOut();
    await signIn('customs');
    // Found by the exporter's name and the HS code, then verified.
    await page.getByLabel('Exporter (or part of the name)').fill('demo fine');
    await page.getByLabel('HS code').fill('2933.36');
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByRole('link', { name: licence }).waitFor();
    await page.getByLabel('Licence number', { exact: true }).fill(licence);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { name: `Licence ${licence}: valid` }).waitFor();
    await page.getByLabel('Customs declaration reference').fill('DE-ATLAS-2027-000123');
    await page.getByLabel(/^Quantity of item 1/).fill('10');
    await page.getByRole('button', { name: 'Record shipment' }).click();
    await page.getByRole('cell', { name: 'DE-ATLAS-2027-000123' }).waitFor();
    await page.getByRole('cell', { name: '15 kg' }).waitFor();  // 25 licensed, 10 shipped
    await shot('08-customs');
  });

  await check('exporter: sees the approval and the licence', async () => {
    await signOut();
    await signIn('exporter');
    await page.goto(`${base}/#/applications/${appId}`);
    await page.locator('h1 .badge-approved').waitFor();
    await page.getByRole('link', { name: 'My applications' }).click();
    await page.getByRole('heading', { name: 'My applications' }).waitFor();
    await page.getByRole('link', { name: `#${appId}` }).first().waitFor();
    await shot('13-exporter-applications');
    await page.goto(`${base}/#/applications/${appId}`);
    await page.getByRole('link', { name: licence }).click();
    await page.getByRole('heading', { name: `Licence ${licence}` }).waitFor();
    await shot('14-licence');
    await page.getByRole('link', { name: 'Printable e-licence' }).click();
    await page.waitForFunction(() => { const i = document.querySelector('img.qr'); return i && i.complete && i.naturalWidth > 0; });
    await shot('12-e-licence');
  });

  await check('screening page: a pasted SMILES gives a verdict with depiction and citations', async () => {
    await page.getByRole('link', { name: 'Screening' }).click();
    await page.getByLabel('Structure or identifier').fill('CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1');
    // The structure editor (OpenChemLib from npm, served locally): load the
    // pasted SMILES into it and take the drawn structure back.
    await page.getByText('Draw a structure').click();
    await page.locator('#structure-editor canvas').first().waitFor();
    await page.getByRole('button', { name: "Edit the field's SMILES" }).click();
    await page.getByText('Structure loaded into the editor.').waitFor();
    await page.getByLabel('Structure or identifier').fill('');
    await page.getByRole('button', { name: 'Use drawn structure' }).click();
    await page.getByText('Drawn structure copied to the field').waitFor();
    const drawn = await page.getByLabel('Structure or identifier').inputValue();
    expect(drawn.length > 10 && drawn !== 'CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1', `SMILES from the editor (got ${drawn})`);
    await page.getByLabel('As of').first().fill('2024-09-01');
    await page.getByRole('button', { name: 'Screen', exact: true }).click();
    await page.locator('.result .verdict').waitFor();
    expect(await page.locator('.result .badge-controlled').count() > 0, 'fentanyl is controlled');
    // The caption says what matched and how, in words under the picture.
    const caption = await page.locator('.result figcaption .caption').first().innerText();
    expect(/listed as a whole: Fentanyl/.test(caption), `the caption names the listing matched as a whole (got "${caption}")`);
    await page.waitForFunction(() => [...document.querySelectorAll('.result img.depiction')].some((i) => i.complete && i.naturalWidth > 0));
    await shot('09-screening');
  });

  await check('screening page: a similar structure is context with no verdict badge, its caption says how it matched', async () => {
    // A pyridyl analogue of fentanyl: controlled as a class member, and only
    // similar to fentanyl itself.
    await page.getByLabel('Structure or identifier').fill('CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccn2)CC1');
    await page.getByLabel('Read as').selectOption('smiles');
    await page.getByRole('button', { name: 'Screen', exact: true }).click();
    await page.locator('.result .match.context', { hasText: 'resembles Fentanyl' }).first().waitFor();
    expect(await page.locator('.result .match.context .badge').count() === 0, 'no verdict badge on a similarity entry');
    expect(await page.locator('.result .match.context', { hasText: 'decides nothing' }).count() > 0, 'similarity said to decide nothing');
    const caption = await page.locator('.result figcaption').first().innerText();
    expect(!/listed as a whole: Fentanyl\b/.test(caption), `the caption does not call it fentanyl (got "${caption}")`);
  });

  // The command line's verdicts for a file: [record id, verdict] in file order.
  const cliVerdicts = (file, args) => {
    const r = spawnSync(bin, ['screen', '--format', 'jsonl', ...args, file], { encoding: 'utf8', maxBuffer: 1 << 28 });
    expect(r.status === 0 || r.status === 1, `precursor screen ran (exit ${r.status}: ${r.stderr})`);
    return r.stdout.trim().split('\n').map((l) => JSON.parse(l)).map((j) => [j.id, j.status === 'ok' ? j.verdict : j.status]);
  };
  // The batch table's rows: record id -> verdict badge, and the reason.
  const batchRows = async () => page.locator('table', { has: page.locator('caption', { hasText: 'Batch results' }) })
    .locator('tbody tr').evaluateAll((rows) => rows.map((r) => {
      const cells = [...r.querySelectorAll('td')].map((td) => td.innerText.trim());
      return { id: cells[0], verdict: cells[2], why: cells[cells.length - 1] };
    }));
  const catalogue = path.join(root, 'tests/data/catalogue/catalogue.csv');
  const catalogueSdf = path.join(root, 'tests/data/catalogue/catalogue.sdf');

  await check('screening page: a catalogue CSV by its named SMILES column gives the command line\'s verdicts', async () => {
    await page.getByLabel('File of inputs').setInputFiles(catalogue);
    // The header's columns are offered; the catalogue number is not the structure.
    await page.getByLabel('Column with the structures').selectOption('smiles');
    await page.getByLabel('Column naming each row').selectOption('catalogue_no');
    const asOf = await page.getByLabel('As of').nth(1).inputValue();
    await page.getByRole('button', { name: 'Screen file' }).click();
    const link = page.getByRole('link', { name: 'Download results (CSV)' });
    await link.waitFor();
    const rows = await batchRows();
    const cli = new Map(cliVerdicts(catalogue, ['--smiles-column', 'smiles', '--id-column', 'catalogue_no', '--as-of', asOf]));
    expect(rows.length === cli.size, `${cli.size} rows as the CLI reads the file, header and quoted line break included (got ${rows.length})`);
    for (const row of rows) expect(cli.get(row.id) === row.verdict, `${row.id}: the CLI's ${cli.get(row.id)} (page: ${row.verdict})`);
    expect(cli.get('CAT-0002') === 'controlled', 'NPP is controlled');
    const broken = rows.find((r) => r.id === 'CAT-0005');
    expect(broken.verdict === 'error' && broken.why.length > 10, `the damaged row's reason is shown (got "${broken.why}")`);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const csv = readFileSync(await download.path(), 'utf8').trim().split('\n');
    expect(csv[0].startsWith('id,input,status,verdict'), `CSV header (got ${csv[0]})`);
    expect(csv.some((l) => l.startsWith('CAT-0002,') && l.includes('controlled')), 'the NPP row is controlled in the download');
    await shot('10-batch-screening');
  });

  await check('screening page: an SDF file gives the command line\'s verdicts, a damaged molfile its reason', async () => {
    await page.getByLabel('File of inputs').setInputFiles(catalogueSdf);
    expect(await page.getByLabel('Column with the structures').count() === 0, 'no column chooser for an SDF');
    const asOf = await page.getByLabel('As of').nth(1).inputValue();
    await page.getByRole('button', { name: 'Screen file' }).click();
    await page.locator('.batch-summary', { hasText: 'catalogue.sdf' }).waitFor();
    const rows = await batchRows();
    const cli = new Map(cliVerdicts(catalogueSdf, ['--as-of', asOf]));
    expect(rows.length === cli.size && cli.size === 5, `5 records (page ${rows.length}, CLI ${cli.size})`);
    for (const row of rows) expect(cli.get(row.id) === row.verdict, `${row.id}: the CLI's ${cli.get(row.id)} (page: ${row.verdict})`);
    expect(rows.some((r) => r.verdict === 'error' && /molfile|atom|line|record/i.test(r.why)), 'the damaged molfile with its reason');
  });

  await check('screening page: a large gzip file shows its progress and gives the command line\'s verdicts', async () => {
    const packed = path.join(data, 'background-sample.smi.gz');
    writeFileSync(packed, gzipSync(readFileSync(path.join(root, 'tests/data/background-sample.smi'))));
    // Whether the progress bar was ever shown, recorded by the page itself
    // (the upload of a small file can finish between two polls).
    await page.evaluate(() => {
      window.sawProgress = false;
      new MutationObserver(() => { if (document.querySelector('.progress progress')) window.sawProgress = true; })
        .observe(document.querySelector('.progress'), { childList: true, subtree: true });
    });
    await page.getByLabel('File of inputs').setInputFiles(packed);
    const asOf = await page.getByLabel('As of').nth(1).inputValue();
    await page.getByRole('button', { name: 'Screen file' }).click();
    await page.locator('.batch-summary', { hasText: 'background-sample.smi.gz: 2000 records' }).waitFor({ timeout: 120000 });
    expect(await page.evaluate(() => window.sawProgress), 'a progress bar while the file was sent and screened');
    const rows = await batchRows();
    const cli = cliVerdicts(packed, ['--as-of', asOf]);
    expect(rows.length === 2000 && cli.length === 2000, `2000 records (page ${rows.length}, CLI ${cli.length})`);
    const differ = rows.filter((row, i) => cli[i][0] !== row.id || cli[i][1] !== row.verdict);
    expect(differ.length === 0, `the CLI's verdicts (first difference: ${JSON.stringify(differ[0])})`);
  });

  await check('scan text page: mentions marked in a pasted listing with their verdicts in words', async () => {
    await page.getByRole('link', { name: 'Scan text' }).click();
    await page.getByRole('heading', { name: 'Scan text' }).waitFor();
    const listing = 'Offer: 1-phenethyl-4-piperidone (NPP), CAS 39742-60-4, 99% purity, 25 kg drums; also ethanol. Safe delivery to USA.';
    await page.getByRole('textbox', { name: 'Text', exact: true }).fill(listing);
    await page.getByRole('button', { name: 'Scan' }).click();
    await page.locator('mark').first().waitFor();
    await page.getByRole('heading', { name: 'Verdict: controlled' }).waitFor();
    // The text is shown as given, every mention marked with its verdict in
    // words (for a screen reader too) and its reason on hover.
    const shown = await page.locator('#scanned-text').textContent();
    expect(shown.replace(/ \((controlled|watch|unresolved|clear|error)\)/g, '') === listing, `the listing as given (got "${shown}")`);
    const marks = await page.locator('#scanned-text mark').evaluateAll((ms) => ms.map((m) => ({
      text: m.firstChild.textContent, said: m.querySelector('.visually-hidden').textContent, title: m.title, cls: m.className })));
    const mark = (text) => marks.find((m) => m.text === text);
    for (const text of ['1-phenethyl-4-piperidone', 'NPP', '39742-60-4']) {
      const m = mark(text);
      expect(m, `"${text}" marked (marks: ${marks.map((x) => x.text).join(', ')})`);
      expect(m.said === ' (controlled)' && /mention-controlled/.test(m.cls), `"${text}" marked controlled (got ${m.said})`);
      expect(/^controlled: \S/.test(m.title), `"${text}" has its reason on hover (got "${m.title}")`);
    }
    const ethanol = mark('ethanol');
    expect(ethanol && ethanol.said === ' (clear)', `ethanol marked clear (got ${JSON.stringify(ethanol)})`);
    // The table says the same in words; the destination's duties and the flags follow.
    const rows = await page.locator('table', { has: page.locator('caption', { hasText: 'Mentions' }) }).locator('tbody tr').allInnerTexts();
    expect(rows.some((r) => r.startsWith('1-phenethyl-4-piperidone') && /\bcontrolled\b/.test(r)), `a mentions row in words (got ${rows.join(' | ')})`);
    const duties = await page.locator('table', { has: page.locator('caption', { hasText: 'Duties of an export' }) }).locator('tbody tr').allInnerTexts();
    // China's 2025 specific-country catalogue binds exports to the US; its
    // chemicals are not known, so the duty is unknown, never "not required".
    expect(duties.some((r) => /\bUS\b/.test(r) && /\bCN\b/.test(r) && /export licence/.test(r) && /\bunknown\b/.test(r) &&
      /Specific-country catalogue/.test(r)), `China's specific-country licence for an export to the US (got ${duties.join(' | ')})`);
    expect(duties.some((r) => r.startsWith('1-phenethyl-4-piperidone, NPP, 39742-60-4')), `one row for the three mentions of NPP (got ${duties.join(' | ')})`);
    const flags = await page.locator('table', { has: page.locator('caption', { hasText: 'Flags' }) }).locator('tbody tr').allInnerTexts();
    expect(flags.some((r) => /stealth/.test(r)) && flags.some((r) => /destination\s+United States/.test(r)), `the flags (got ${flags.join(' | ')})`);
    await shot('15-scan-text');
  });

  await check('registry page: lists as of a date and the changes', async () => {
    await page.getByRole('link', { name: 'Registry' }).click();
    await page.getByRole('heading', { name: 'Registry' }).waitFor();
    await page.locator('caption', { hasText: 'entries in force on' }).waitFor();
    await page.getByLabel('From').fill('2020-01-01');
    await page.getByLabel('To').fill('2026-01-01');
    await page.getByRole('button', { name: 'Show changes' }).click();
    await page.locator('caption', { hasText: 'Changes from 2020-01-01' }).waitFor();
    // The feed closes with the listings announced with no date yet.
    await page.getByRole('cell', { name: 'announced, not yet in force' }).first().waitFor();
    await shot('11-registry', { fullPage: false });
  });

  await check('exporter: a line item written as a systematic name is read by OPSIN and screened', async () => {
    await signOut();
    await signIn('exporter');
    await page.getByRole('link', { name: 'New application' }).first().click();
    await page.getByRole('heading', { name: 'New application' }).waitFor();
    await page.getByLabel('Importer name').fill('Lyon Chimie Fine SAS');
    await page.getByLabel('Importer country').fill('France');
    await page.getByLabel('Importer address').fill('12 rue de la Chimie, 69007 Lyon');
    await page.getByLabel('Importer registration number').fill('RCS Lyon 812 345 678');
    await page.getByLabel('Destination country').fill('FR');
    await page.getByLabel('End use').fill('Analytical reference material');
    await page.getByLabel('Planned shipment date').fill('2027-03-01');
    // Not among the registry's names: the Cbz carbamate of 4-AP, one step from it.
    const name = 'benzyl 4-(phenylamino)piperidine-1-carboxylate';
    await page.getByLabel('Substance (SMILES, CAS RN or name)').fill(name);
    await page.getByLabel('Quantity').fill('2');
    await page.getByLabel('HS code').fill('2933.39');
    await page.getByRole('button', { name: 'Create draft' }).click();
    await page.getByRole('button', { name: 'Submit application' }).waitFor();
    await upload('export_contract', 'contract.pdf', 'application/pdf', '%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    await upload('proof_of_legal_business', 'registration.txt', 'text/plain', 'RCS Lyon 812 345 678');
    await page.getByRole('button', { name: 'Submit application' }).click();
    await page.locator('h1 .badge-submitted').waitFor();
    const row = await page.locator('table', { has: page.locator('caption', { hasText: 'Line items' }) }).locator('tbody tr').first().innerText();
    expect(row.includes(name), `the line item as written (got "${row}")`);
    expect(/\b(watch|controlled)\b/.test(row) && !/unresolved|clear/.test(row), `screened from its structure: watch or controlled, not unresolved (got "${row}")`);
  });

  await check('keyboard: the sign-in form works with the keyboard alone', async () => {
    await signOut();
    await page.keyboard.press('Tab');
    await page.getByLabel('User name').focus();
    await page.keyboard.type('customs');
    await page.keyboard.press('Tab');
    await page.keyboard.type('customs-demo');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Verify a licence' }).waitFor();
    expect(consoleErrors.length === 0, `no script errors (got ${consoleErrors.join('; ')})`);
  });
} catch (err) {
  failed = true;
  if (!String(err).includes('expected') && step === 0) console.error(err);
} finally {
  if (browser) {
    try { const p = browser.contexts()[0]?.pages()[0]; if (p && failed) await p.screenshot({ path: path.join(shots, 'failure.png'), fullPage: true }); } catch { /* ignore */ }
    await browser.close();
  }
  // The server writes its last files (the audit anchor) on the way out:
  // wait for it before removing its data directory.
  if (server) { server.removeAllListeners('exit'); if (server.exitCode === null && server.signalCode === null) { const gone = new Promise((r) => server.once('exit', r)); server.kill('SIGTERM'); await gone; } }
  rmSync(data, { recursive: true, force: true });
}
console.log(failed ? `# FAILED after ${step} steps` : `# all ${step} steps passed; screenshots in ${path.relative(root, shots)}/`);
process.exit(failed ? 1 : 0);
