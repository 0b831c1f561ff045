// The server's vocabularies (GET /api/v1/meta), fetched once per sign-in:
// units, document types, statuses and their labels, jurisdictions and the
// ISO 3166-1 countries. Pages read them here and keep no copies.
import { get } from './api.js';

let loaded = null;
let data = null;

export async function loadMeta() {
  if (!loaded) {
    loaded = get('/api/v1/meta').then((m) => { data = m; return m; });
    loaded.catch(() => { loaded = null; });
  }
  return loaded;
}

export function forgetMeta() { loaded = null; data = null; }

export const meta = () => data;

// The label a person reads for a code of one vocabulary ("submitted" ->
// "Under review"); the code itself when the vocabulary does not know it.
export function label(vocabulary, code) {
  const terms = (data && data[vocabulary]) || [];
  const t = terms.find((x) => x.code === code);
  return t ? t.label : code;
}

export function countryName(code) {
  const c = data && data.countries.find((x) => x.code === code);
  return c ? c.name : code;
}

// What a person typed as a country: a code ("de") or a name ("Germany");
// returned as the code, or as typed when it is neither (the server then
// says why).
export function countryCode(typed) {
  const t = (typed || '').trim();
  if (!t || !data) return t;
  const up = t.toUpperCase();
  const byCode = data.countries.find((c) => c.code === up);
  if (byCode) return byCode.code;
  const byName = data.countries.find((c) => c.name.toLowerCase() === t.toLowerCase());
  return byName ? byName.code : t;
}
