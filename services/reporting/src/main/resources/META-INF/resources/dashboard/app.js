// The steering-committee dashboard: a hash router, a filter bar kept in the URL, and one render
// function per page. Every number shown comes from the report API as the server computed and
// suppressed it; the page only draws it.
import * as auth from './auth.js';
import * as api from './api.js';
import { el, chartCard, countBars, countOf, SUP, isSup, setThreshold, supText, supExplain, tip, disposeAll, mountPending, PALETTE, download, dataTable } from './charts.js';

const REPORT_ROLES = ['steering-committee', 'analyst', 'centre-lead', 'data-manager', 'registry-admin'];
const FILTERS = [
  { key: 'procedure_type', label: 'Index procedure', values: ['minor_hepatectomy', 'major_hepatectomy', 'parenchymal_sparing_resection', 'two_stage_stage1', 'two_stage_stage2', 'alpps_stage1', 'alpps_stage2', 'portal_vein_embolisation', 'radiation_lobectomy', 'ablation', 'debulking', 'liver_transplantation', 'multivisceral_transplantation'] },
  { key: 'who_grade', label: 'WHO grade', values: ['G1', 'G2', 'G3', 'NEC', 'MiNEN'] },
  { key: 'distribution_type', label: 'Frilling type', values: ['type_I_simple', 'type_II_complex', 'type_III_diffuse'] },
  { key: 'primary_site', label: 'Primary site', values: ['small_intestine', 'duodenum', 'pancreas', 'stomach', 'appendix', 'colon', 'rectum', 'lung_bronchus', 'unknown_primary', 'other'] },
  { key: 'index_year_from', label: 'Index year from', year: true },
  { key: 'index_year_to', label: 'Index year to', year: true },
  { key: 'freeze', label: 'Data freeze', freeze: true },
];
const INDICATORS = [
  ['death_90d', '90-day mortality'], ['major_morbidity', 'Major morbidity (Clavien–Dindo ≥ IIIa)'],
  ['phlf_bc', 'Post-hepatectomy liver failure B/C'], ['r0_resection', 'R0 resection'],
];
const STRATA = [['', 'none'], ['procedure_type', 'index procedure'], ['who_grade', 'WHO grade'], ['distribution_type', 'Frilling type'],
  ['primary_site', 'primary site'], ['sex', 'sex'], ['age_band', 'age band'], ['index_period', 'index period'], ['centre_id', 'centre']];
const PAGES = [
  { id: 'overview', label: 'Overview', render: overview },
  { id: 'outcomes', label: 'Outcomes', render: outcomes },
  { id: 'survival', label: 'Survival', render: survival },
  { id: 'centres', label: 'Centres', render: centres },
  { id: 'alpps', label: 'ALPPS', render: alpps },
  { id: 'completeness', label: 'Completeness', render: completeness },
  { id: 'exports', label: 'Exports', render: exportsPage, roles: ['analyst'] },
];

const main = document.getElementById('main');
// The deferred echarts script runs after this module and before DOMContentLoaded (the document is
// already "interactive" here, so readyState alone does not tell whether it has run).
const chartLibrary = typeof echarts !== 'undefined' || document.readyState === 'complete' ? Promise.resolve()
  : new Promise((resolve) => {
    addEventListener('DOMContentLoaded', resolve, { once: true });
    addEventListener('load', resolve, { once: true });
  });
let me = null;      // {name, roles, centre}
let freezes = [];
let renderSeq = 0;

const pct = (r) => (r == null ? '—' : `${(r * 100).toFixed(1)}%`);
const ci = (lo, hi) => (lo == null || hi == null ? '—' : `${(lo * 100).toFixed(1)}–${(hi * 100).toFixed(1)}%`);
const days = (d) => (d == null ? 'not reached' : `${Math.round(d * 10) / 10} d (${(d / 365.25).toFixed(1)} y)`);
const pval = (p) => (p == null ? '—' : p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`);
const label = (v) => (v == null ? 'not recorded' : String(v));

// ------------------------------------------------------------------ URL state
function state() {
  const [path, query] = location.hash.replace(/^#\/?/, '').split('?');
  const page = PAGES.find((p) => p.id === path) ? path : 'overview';
  return { page, params: Object.fromEntries(new URLSearchParams(query || '')) };
}
function go(page, params) {
  const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v != null && v !== ''));
  location.hash = `#/${page}${[...q].length ? `?${q}` : ''}`;
}
const apiFilters = (params) => Object.fromEntries(FILTERS.map((f) => [f.key, params[f.key]]).filter(([, v]) => v));

// ------------------------------------------------------------------ start
async function start() {
  const status = document.getElementById('status');
  let cfg;
  try {
    // same request as index.html's preload (a public endpoint: no cookie is set or read)
    cfg = await (await fetch('/api/v1/dashboard/config', { credentials: 'same-origin' })).json();
  } catch (e) {
    status.textContent = 'The reporting service did not answer. Try again later.';
    return;
  }
  setThreshold(cfg.suppression_max_hidden);
  let result;
  try {
    result = await auth.init(cfg);
  } catch (e) {
    return page('Login failed', e.message, [el('button', { type: 'button', text: 'Log in again', onclick: () => auth.login() })]);
  }
  if (result.state === 'logged_out') return result.reason === 'idle' ? signedOutIdle() : page('You are logged out',
    'Log in again to open the dashboard.', [el('button', { type: 'button', id: 'login', text: 'Log in', onclick: () => auth.login() })]);
  if (result.state === 'error') {
    return page('Login failed', result.detail, [el('button', { type: 'button', text: 'Log in again', onclick: () => auth.login() })]);
  }
  if (result.state === 'anonymous') {
    status.textContent = 'Redirecting to the registry login…';
    return auth.login();
  }
  performance.mark('dashboard-token');
  // shown at once, before the round trip through Keycloak's logout that ends its session too
  auth.onIdleSignOut(() => { removeEventListener('hashchange', render); renderSeq++; disposeAll(); signedOutIdle(); });
  const c = auth.claims();
  me = { name: c.preferred_username || c.sub, roles: (c.realm_access && c.realm_access.roles) || [], centre: c.centre_id || null };
  document.getElementById('user').replaceChildren(
    el('span', { id: 'username', text: me.name + (me.centre ? ` · ${me.centre}` : '') }),
    el('button', { type: 'button', id: 'logout', text: 'Log out', onclick: () => auth.logout() }));
  if (!me.roles.some((r) => REPORT_ROLES.includes(r))) return noAccess();
  addEventListener('hashchange', render);
  render();
  // the freeze list only fills a select: it does not hold up the first page
  api.get('/api/v1/freezes').then((f) => {
    freezes = (Array.isArray(f) ? f : f.items || []).map((x) => x.name);
    const { page: id, params } = state();
    if (freezes.length) filterBar(id, params);
  }, () => { /* freezes not offered to this role */ });
}

function signedOutIdle() {
  const sec = auth.idleTimeoutSeconds();
  const span = sec < 120 ? `${sec} seconds` : `${Math.round(sec / 60)} minutes`;
  page('Signed out after inactivity', `Nobody used the dashboard for ${span}, so it forgot your session. Sign in again to continue.`,
    [el('button', { type: 'button', id: 'login', text: 'Sign in', onclick: () => auth.login() })]);
  main.dataset.page = 'signed-out-idle';
}

function page(title, text, actions = []) {
  document.getElementById('filters').hidden = true;
  document.getElementById('nav').replaceChildren();
  main.replaceChildren(el('div', { class: 'center-page', id: 'message-page' }, el('h1', { text: title }), el('p', { text }), ...actions));
  main.dataset.state = 'ready';
  main.dataset.page = 'message';
}

function noAccess() {
  page('No access to the dashboard',
    `Your account (${me.name}) has no reporting role. The dashboard is open to the steering committee, centre leads, ` +
    'analysts, data managers and registry administrators. Ask the registry office if you need access.',
    [el('button', { type: 'button', text: 'Log out', onclick: () => auth.logout() })]);
  main.dataset.page = 'no-access';
}

// ------------------------------------------------------------------ chrome
function nav(current, params) {
  const keep = apiFilters(params);
  const q = new URLSearchParams(keep).toString();
  document.getElementById('nav').replaceChildren(...PAGES.filter(visible).map((p) =>
    el('a', { href: `#/${p.id}${q ? `?${q}` : ''}`, 'aria-current': p.id === current ? 'page' : null, 'data-page': p.id, text: p.label })));
}
const visible = (p) => !p.roles || p.roles.some((r) => me.roles.includes(r));

function filterBar(current, params) {
  const form = document.getElementById('filters');
  form.hidden = current === 'exports';
  const controls = FILTERS.map((f) => {
    let input;
    if (f.year) {
      input = el('input', { type: 'number', name: f.key, min: 1980, max: 2100, step: 1, value: params[f.key] || '' });
    } else {
      const values = !f.freeze ? f.values : params.freeze && !freezes.includes(params.freeze) ? [params.freeze, ...freezes] : freezes;
      input = el('select', { name: f.key }, el('option', { value: '', text: f.freeze ? 'live data' : 'all' }),
        values.map((v) => el('option', { value: v, selected: params[f.key] === v, text: v.replace(/_/g, ' ') })));
    }
    input.addEventListener('change', () => {
      const next = { ...params, [f.key]: input.value };
      go(current, next);
    });
    return el('label', {}, f.label, input);
  });
  form.replaceChildren(...controls, el('button', { type: 'button', text: 'Clear filters', onclick: () => go(current, {}) }));
}

async function render() {
  const seq = ++renderSeq;
  const { page: id, params } = state();
  const pg = PAGES.find((p) => p.id === id);
  disposeAll();
  nav(id, params);
  filterBar(id, params);
  main.dataset.state = 'loading';
  main.dataset.page = id;
  main.replaceChildren(el('h1', { text: pg.label }), el('p', { class: 'status', role: 'status', text: 'Loading…' }));
  if (!visible(pg)) {
    main.replaceChildren(el('h1', { text: pg.label }), el('p', { class: 'error', text: 'This page is for analysts only.' }));
    main.dataset.state = 'ready';
    main.dataset.query = new URLSearchParams(params).toString();
    return;
  }
  const body = el('div', { class: 'page-body' });
  try {
    await pg.render(body, params);
  } catch (e) {
    body.replaceChildren(errorNote(e));
  }
  if (seq !== renderSeq) return;   // a newer navigation won
  if (!performance.getEntriesByName('dashboard-data').length) performance.mark('dashboard-data');
  await chartLibrary;              // the deferred echarts script has run by DOMContentLoaded
  if (seq !== renderSeq) return;
  main.replaceChildren(el('h1', { text: pg.label }), body);
  mountPending();
  // mark the page ready once the browser has painted the charts
  requestAnimationFrame(() => {
    if (seq !== renderSeq) return;
    main.dataset.state = 'ready';
    main.dataset.query = new URLSearchParams(params).toString();   // which view is drawn (tests wait on it)
    if (!performance.getEntriesByName('dashboard-interactive').length) performance.mark('dashboard-interactive');
  });
}

function errorNote(e) {
  const text = e instanceof api.ApiError && e.status === 403 ? 'Your role may not read this report.'
    : e instanceof api.ApiError && e.status === 404 ? 'This report is not available on this server yet.'
      : `The report could not be loaded: ${e.message}${e.problem && e.problem.errors ? ' — ' + e.problem.errors.map((x) => x.detail).join('; ') : ''}`;
  return el('p', { class: 'error', 'data-error': e.status || 'client', text });
}

/** Resolves each request independently so one failing report does not blank the page. */
const settle = (promises) => Promise.all(promises.map((p) => p.then((v) => ({ ok: true, v }), (e) => ({ ok: false, e }))));
const failedCard = (title, e) => el('section', { class: 'card', 'data-card': title.toLowerCase().replace(/[^a-z0-9]+/g, '-') }, el('h2', { text: title }), errorNote(e));

// ------------------------------------------------------------------ Overview
const dimOf = (cell, dim) => (dim in cell ? cell[dim] : dim === 'procedure_type' ? cell.index_procedure_type : undefined);

async function overview(body, params) {
  const f = apiFilters(params);
  const dims = [['index_year', 'Accrual per index year'], ['centre_id', 'Accrual per centre'], ['procedure_type', 'Index procedure mix'],
    ['who_grade', 'Cases by WHO grade'], ['distribution_type', 'Cases by Frilling type']];
  // the default table's margins give year, centre and procedure; two one-dimension summaries the rest
  const CUBE = ['index_year', 'centre_id', 'procedure_type'];
  const [cube, ...others] = await settle([api.get('/api/v1/reports/summary', f),
    ...dims.filter(([d]) => !CUBE.includes(d)).map(([d]) => api.get('/api/v1/reports/summary', { ...f, by: d }))]);
  let k = 0;
  const singles = dims.map(([d]) => {
    if (!CUBE.includes(d)) return others[k++];
    if (!cube.ok) return cube;
    return { ok: true, v: { by: [d], cells: (cube.v.margins || []).filter((m) => d in m) } };
  });
  const grid = el('div', { class: 'grid' });
  if (cube.ok && cube.v.total) {
    const t = countOf(cube.v.total);
    body.append(el('div', { class: 'kpis' }, el('div', { class: 'kpi', 'data-kpi': 'total' }, 'Cases', el('b', { text: isSup(t) ? supText() : String(t) }))));
  }
  dims.forEach(([dim, title], i) => {
    const r = singles[i];
    if (!r.ok) return grid.append(failedCard(title, r.e));
    if (!Array.isArray(r.v.by) || r.v.by.length !== 1 || r.v.by[0] !== dim) {
      return grid.append(el('section', { class: 'card' }, el('h2', { text: title }),
        el('p', { class: 'note', text: 'This breakdown needs the report API with “by”; the table below shows every cell instead.' })));
    }
    // years in time order (the server's order is by key); other dimensions as the server lists them
    const cells = dim === 'index_year' ? [...r.v.cells].sort((a, b) => Number(a.index_year) - Number(b.index_year)) : r.v.cells;
    const cats = cells.map((c) => label(dimOf(c, dim)));
    const vals = cells.map(countOf);
    grid.append(chartCard({
      title, id: `by-${dim}`, option: countBars(cats, vals, { horizontal: dim === 'centre_id' && cats.length > 12 }), tall: dim === 'centre_id' && cats.length > 12,
      table: { caption: title, columns: [{ key: 'k', label: dim.replace(/_/g, ' ') }, { key: 'n', label: 'cases', num: true }], rows: cats.map((k, j) => ({ k, n: vals[j] })) },
    }));
  });
  if (cube.ok) {
    const by = Array.isArray(cube.v.by) ? cube.v.by : ['centre_id', 'index_year', 'procedure_type'];
    grid.append(chartCard({
      title: 'Accrual by centre, index year and index procedure', id: 'accrual-cells',
      note: 'Every cell as the server returns it; suppressed cells show “' + supText() + '”.',
      table: { caption: 'Accrual cells', columns: [...by.map((d) => ({ key: d, label: d.replace(/_/g, ' ') })), { key: 'count', label: 'cases', num: true }],
        rows: cube.v.cells.map((c) => ({ ...Object.fromEntries(by.map((d) => [d, label(dimOf(c, d))])), count: countOf(c) })) },
    }));
  } else grid.append(failedCard('Accrual by centre, index year and index procedure', cube.e));
  body.append(grid);
}

// ------------------------------------------------------------------ Outcomes
function intervalChart(groups, yName) {
  const cats = groups.map((g) => label(g.group));
  return {
    grid: { left: 60, right: 20, top: 30, bottom: 80 },
    xAxis: { type: 'category', data: cats, axisLabel: { interval: 0, rotate: cats.length > 5 ? 35 : 0 } },
    yAxis: { type: 'value', name: yName, min: 0, axisLabel: { formatter: '{value}%' } },
    tooltip: { trigger: 'item', formatter: (p) => {
      const g = groups[p.dataIndex];
      return g.suppressed && g.rate == null ? `${cats[p.dataIndex]}: withheld<br>${supExplain()}`
        : `${cats[p.dataIndex]}: ${pct(g.rate)} (95% CI ${ci(g.ci_lower, g.ci_upper)})<br>${g.numerator} / ${g.denominator}`;
    } },
    series: [
      { type: 'custom', name: '95% CI', encode: { x: 0, y: [1, 2] }, data: groups.map((g, i) => (g.rate == null ? [i, '-', '-'] : [i, g.ci_lower * 100, g.ci_upper * 100])),
        renderItem: (prm, a) => {
          if (isNaN(a.value(1))) return null;
          const lo = a.coord([a.value(0), a.value(1)]); const hi = a.coord([a.value(0), a.value(2)]);
          const s = { stroke: '#333', lineWidth: 1.5 };
          return { type: 'group', children: [
            { type: 'line', shape: { x1: lo[0], y1: lo[1], x2: hi[0], y2: hi[1] }, style: s },
            { type: 'line', shape: { x1: lo[0] - 6, y1: lo[1], x2: lo[0] + 6, y2: lo[1] }, style: s },
            { type: 'line', shape: { x1: hi[0] - 6, y1: hi[1], x2: hi[0] + 6, y2: hi[1] }, style: s }] };
        } },
      { type: 'scatter', name: 'rate', symbolSize: 11, data: groups.map((g) => (g.rate == null ? '-' : g.rate * 100)) },
      { type: 'scatter', name: 'withheld', symbolSize: 1, data: groups.map((g) => (g.rate == null ? 0 : '-')),
        label: { show: true, formatter: 'withheld', position: 'top', color: '#D55E00' } },
    ],
  };
}

const outcomeTable = (res, caption) => ({
  caption,
  columns: [{ key: 'group', label: res.by ? res.by.replace(/_/g, ' ') : 'group' }, { key: 'numerator', label: 'events', num: true },
    { key: 'denominator', label: 'evaluable', num: true }, { key: 'not_evaluable', label: 'not evaluable', num: true },
    { key: 'rate', label: 'rate', num: true, fmt: pct }, { key: 'ci', label: '95% CI', num: true }],
  rows: [...res.groups, { ...res.total, group: 'all' }].map((g) => ({
    group: label(g.group), numerator: g.suppressed && g.numerator == null ? SUP : g.numerator,
    denominator: g.suppressed && g.denominator == null ? SUP : g.denominator, not_evaluable: g.not_evaluable,
    rate: g.rate == null ? (g.suppressed ? SUP : null) : g.rate, ci: g.rate == null ? null : ci(g.ci_lower, g.ci_upper) })),
});

async function outcomes(body, params) {
  const f = apiFilters(params);
  const reqs = INDICATORS.flatMap(([ind]) => [api.get('/api/v1/reports/outcomes', { ...f, indicator: ind, by: 'procedure_type' }),
    api.get('/api/v1/reports/outcomes', { ...f, indicator: ind, by: 'index_period' })]);
  const res = await settle(reqs);
  const grid = el('div', { class: 'grid' });
  INDICATORS.forEach(([ind, name], i) => {
    [[res[2 * i], 'by index procedure', 'procedure_type'], [res[2 * i + 1], 'over time (5-year periods)', 'index_period']].forEach(([r, suffix, by]) => {
      const title = `${name} ${suffix}`;
      if (!r.ok) return grid.append(failedCard(title, r.e));
      grid.append(chartCard({ title, id: `${ind}-${by}`, option: intervalChart(r.v.groups, name),
        note: `All cases: ${pct(r.v.total.rate)} (95% CI ${ci(r.v.total.ci_lower, r.v.total.ci_upper)}), exact Clopper–Pearson intervals.`,
        table: outcomeTable(r.v, title) }));
    });
  });
  body.append(grid);
}

// ------------------------------------------------------------------ Survival
function kmChart(strata, title) {
  const Y = 365.25;
  const series = [];
  strata.forEach((s, i) => {
    if (!s.steps || !s.steps.length) return;
    const colour = PALETTE[i % PALETTE.length];
    const name = label(s.group ?? 'all');
    const pts = [[0, 1], ...s.steps.map((st) => [st.time_days / Y, st.survival])];
    series.push({ type: 'line', name, step: 'end', showSymbol: false, data: pts, lineStyle: { width: 2.5, color: colour }, itemStyle: { color: colour } });
    // confidence band as one polygon following the steps (upper forwards, lower backwards)
    const up = [[0, 1]]; const lo = [[0, 1]];
    s.steps.forEach((st) => {
      const t = st.time_days / Y;
      const u = st.upper ?? st.survival; const l = st.lower ?? st.survival;
      up.push([t, up[up.length - 1][1]], [t, u]);
      lo.push([t, lo[lo.length - 1][1]], [t, l]);
    });
    const poly = [...up, ...lo.slice().reverse()];
    series.push({ type: 'custom', name: `${name} 95% CI`, silent: true, data: [[0, 1]], z: 1,
      renderItem: (p, a) => ({ type: 'polygon', shape: { points: poly.map((q) => a.coord(q)) }, style: { fill: colour, opacity: 0.15 } }) });
    const cens = s.steps.filter((st) => st.n_censor > 0).map((st) => [st.time_days / Y, st.survival]);
    if (cens.length) series.push({ type: 'scatter', name: `${name} censored`, symbol: 'rect', symbolSize: [2, 10], data: cens, itemStyle: { color: colour } });
  });
  return {
    grid: { left: 60, right: 20, top: 40, bottom: 50 },
    legend: { top: 0, data: strata.filter((s) => s.steps && s.steps.length).map((s) => label(s.group ?? 'all')) },
    xAxis: { type: 'value', name: 'years from index procedure', nameLocation: 'middle', nameGap: 28, min: 0, max: (v) => Math.ceil(Math.max(5, v.max)) },
    yAxis: { type: 'value', name: title, min: 0, max: 1 },
    tooltip: { trigger: 'item', formatter: (p) => (Array.isArray(p.value) ? `${p.seriesName}: ${(p.value[1] * 100).toFixed(1)}% at ${p.value[0].toFixed(2)} y` : p.seriesName) },
    series,
  };
}

async function survival(body, params) {
  const f = apiFilters(params);
  const strata = params.strata || '';
  const sel = el('select', { name: 'strata', id: 'strata' }, STRATA.map(([v, l]) => el('option', { value: v, selected: v === strata, text: l })));
  sel.addEventListener('change', () => go('survival', { ...params, strata: sel.value }));
  body.append(el('p', {}, el('label', {}, 'Strata: ', sel)));
  const res = await settle(['os', 'rfs'].map((ep) => api.get('/api/v1/reports/survival', { ...f, endpoint: ep, by: strata || null })));
  const grid = el('div', { class: 'grid' });
  [['os', 'Overall survival'], ['rfs', 'Recurrence-free survival']].forEach(([ep, name], i) => {
    const r = res[i];
    if (!r.ok) return grid.append(failedCard(name, r.e));
    const st = r.v.strata;
    const years = [0, 1, 2, 3, 5];
    const atRisk = dataTable({ caption: `Numbers at risk, ${name}`,
      columns: [{ key: 'g', label: 'at risk (years)' }, ...years.map((y) => ({ key: `y${y}`, label: String(y), num: true }))],
      rows: st.map((s) => ({ g: label(s.group ?? 'all'), ...Object.fromEntries(years.map((y) => {
        const a = (s.at_risk || []).find((x) => x.years === y);
        return [`y${y}`, !a ? null : a.n == null ? SUP : a.n];   // a null number at risk is a hidden 1–4
      })) })) });
    atRisk.classList.add('at-risk');
    const withheld = st.filter((s) => s.suppressed && (!s.steps || !s.steps.length)).length;
    grid.append(chartCard({
      title: name, id: `km-${ep}`, tall: true, option: kmChart(st, name),
      note: `Kaplan–Meier with 95% log-log bands; ticks mark censoring where the role may see it. ${r.v.logrank ? `Log-rank ${pval(r.v.logrank.p)} (χ² ${r.v.logrank.chisq.toFixed(2)}, df ${r.v.logrank.df}).` : ''}${withheld ? ` ${withheld} stratum/strata with fewer than 5 cases withheld.` : ''}`,
      extra: null, after: atRisk,
      table: { caption: `${name} summary`, columns: [{ key: 'g', label: 'stratum' }, { key: 'n', label: 'n', num: true }, { key: 'e', label: 'events', num: true },
        { key: 'm', label: 'median', num: true }, { key: 'mci', label: '95% CI', num: true }, { key: 's1', label: '1 y', num: true }, { key: 's3', label: '3 y', num: true }, { key: 's5', label: '5 y', num: true }],
      rows: st.map((s) => {
        const at = (y) => { const x = (s.survival_at || []).find((q) => q.years === y); return x && x.survival != null ? pct(x.survival) : null; };
        return { g: label(s.group ?? 'all'), n: s.n == null ? (s.suppressed ? SUP : null) : s.n, e: s.events == null ? (s.suppressed ? SUP : null) : s.events,
          m: s.suppressed && !s.steps?.length ? null : days(s.median_days), mci: s.median_lower == null && s.median_upper == null ? null : `${days(s.median_lower)} – ${days(s.median_upper)}`,
          s1: at(1), s3: at(3), s5: at(5) };
      }) },
    }));
  });
  body.append(grid);
}

// ------------------------------------------------------------------ Centres (funnel)
function funnelChart(res, ownCentre) {
  const pc = (v) => (v == null ? null : v * 100);
  const line = (key, name, dash, colour) => ({ type: 'line', name, showSymbol: false, smooth: false, silent: true,
    data: res.curve.map((c) => [c.denominator, pc(c[key])]), lineStyle: { type: dash, width: 1.5, color: colour }, itemStyle: { color: colour } });
  const shown = res.centres.filter((c) => c.rate != null);
  const colourOf = (p) => (p === 'within' ? PALETTE[0] : p && p.startsWith('above') ? PALETTE[3] : PALETTE[2]);
  return {
    grid: { left: 60, right: 60, top: 40, bottom: 50 },
    legend: { top: 0 },
    xAxis: { type: 'value', name: 'cases (denominator)', nameLocation: 'middle', nameGap: 28, min: 0 },
    yAxis: { type: 'value', name: 'rate', axisLabel: { formatter: '{value}%' }, min: 0 },
    tooltip: { trigger: 'item', formatter: (p) => {
      const c = p.data && p.data.centre;
      return c ? `${c.centre_id}: ${pct(c.rate)} (${c.numerator}/${c.denominator}), ${c.position.replace(/_/g, ' ')}` : p.seriesName;
    } },
    series: [
      { type: 'line', name: 'registry rate', showSymbol: false, silent: true, data: [[0, pc(res.p0)], [Math.max(...res.curve.map((c) => c.denominator), 1), pc(res.p0)]], lineStyle: { color: '#000', width: 1.5 }, itemStyle: { color: '#000' } },
      line('lower_95', '95% limits', 'dashed', '#555'), line('upper_95', '95% limits', 'dashed', '#555'),
      line('lower_99_8', '99.8% limits', 'solid', '#999'), line('upper_99_8', '99.8% limits', 'solid', '#999'),
      { type: 'scatter', name: 'centres', data: shown.map((c) => {
        const own = ownCentre && c.centre_id === ownCentre;
        const outlier = c.position !== 'within';
        return { value: [c.denominator, pc(c.rate)], centre: c,
          symbolSize: own ? 20 : 10, symbol: own ? 'diamond' : 'circle',
          itemStyle: { color: own ? '#CC79A7' : colourOf(c.position), borderColor: own ? '#000' : null, borderWidth: own ? 2 : 0 },
          label: { show: own || outlier, formatter: own ? `${c.centre_id} (your centre)` : c.centre_id, position: own ? 'top' : 'right', fontWeight: own ? 'bold' : 'normal' } };
      }) },
    ],
  };
}

async function centres(body, params) {
  const f = apiFilters(params);
  const ind = INDICATORS.some(([k]) => k === params.indicator) ? params.indicator : 'death_90d';
  const sel = el('select', { name: 'indicator', id: 'indicator' }, INDICATORS.map(([v, l]) => el('option', { value: v, selected: v === ind, text: l })));
  sel.addEventListener('change', () => go('centres', { ...params, indicator: sel.value }));
  body.append(el('p', {}, el('label', {}, 'Indicator: ', sel)));
  const isLead = me.roles.includes('centre-lead') && me.centre;
  const [funnel, mine] = await settle([api.get('/api/v1/reports/funnel', { ...f, indicator: ind }),
    isLead ? api.get('/api/v1/reports/my-centre', f) : Promise.resolve(null)]);
  const grid = el('div', { class: 'grid' });
  const name = INDICATORS.find(([k]) => k === ind)[1];
  if (!funnel.ok) grid.append(failedCard(`Funnel plot: ${name}`, funnel.e));
  else {
    const r = funnel.v;
    grid.append(chartCard({ title: `Funnel plot: ${name}`, id: 'funnel', tall: true, option: funnelChart(r, isLead ? me.centre : null),
      note: `Registry rate ${pct(r.p0)} (${r.total_numerator}/${r.total_denominator}); exact binomial 95% and 99.8% limits. Outliers are labelled.${isLead ? ` Your centre ${me.centre} is the diamond.` : ''}`,
      highlight: (row) => isLead && row.centre_id === me.centre,
      table: { caption: `Centres, ${name}`, columns: [{ key: 'centre_id', label: 'centre' }, { key: 'numerator', label: 'events', num: true }, { key: 'denominator', label: 'cases', num: true },
        { key: 'rate', label: 'rate', num: true, fmt: pct }, { key: 'position', label: 'position' }],
      rows: r.centres.map((c) => ({ centre_id: c.centre_id, numerator: c.numerator == null && c.suppressed ? SUP : c.numerator,
        denominator: c.denominator == null && c.suppressed ? SUP : c.denominator, rate: c.rate == null && c.suppressed ? SUP : c.rate,
        position: c.position ? c.position.replace(/_/g, ' ') : (c.suppressed ? 'withheld' : null) })) } }));
  }
  if (isLead) {
    if (!mine.ok) grid.append(failedCard(`Your centre (${me.centre})`, mine.e));
    else grid.append(myCentreCard(mine.v));
  }
  body.append(grid);
}

// ------------------------------------------------------------------ ALPPS
const measureValue = (m) => (m.value == null ? (m.suppressed ? SUP : null) : m.unit === 'days' ? `${m.value} d` : pct(m.value));
const benchmarkText = (m) => `${m.comparison === '<=' ? '≤' : m.comparison === '>=' ? '≥' : m.comparison || ''} ${m.unit === 'days' ? `${m.benchmark} d` : pct(m.benchmark)}`;

async function alpps(body, params) {
  const r = await api.get('/api/v1/reports/outcomes', { ...apiFilters(params), indicator: 'alpps_benchmarks' });
  const ms = r.measures || [];
  const names = ms.map((m) => m.measure.replace(/_/g, ' '));
  // each value as a share of its cut-off: 100% = on the benchmark line, whatever the unit
  const option = {
    grid: { left: 170, right: 40, top: 20, bottom: 40 },
    xAxis: { type: 'value', name: '% of the benchmark cut-off', nameLocation: 'middle', nameGap: 26, min: 0, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: names, inverse: true },
    tooltip: { trigger: 'item', formatter: (p) => { const m = ms[p.dataIndex]; return `${names[p.dataIndex]}: ${m.value == null ? (m.suppressed ? `${supText()}<br>${supExplain()}` : '—') : measureValue(m)} (benchmark ${benchmarkText(m)})`; } },
    series: [{ type: 'bar', data: ms.map((m) => (m.value == null || !m.benchmark ? '-' : { value: (100 * m.value) / m.benchmark, itemStyle: { color: m.met === false ? PALETTE[3] : PALETTE[2] } })),
      markLine: { silent: true, symbol: 'none', data: [{ xAxis: 100 }], lineStyle: { color: '#000', type: 'dashed' }, label: { formatter: 'cut-off' } } }],
  };
  body.append(el('div', { class: 'grid' }, chartCard({ title: 'ALPPS benchmark panel', id: 'alpps', option,
    note: `ALPPS cases: ${r.n == null ? (r.suppressed ? supText() : '—') : r.n}. Each value beside the ALPPS benchmark cut-off (DOMAIN.md); green meets it, vermilion does not.`,
    table: { caption: 'ALPPS benchmarks', columns: [{ key: 'measure', label: 'measure' }, { key: 'value', label: 'value', num: true }, { key: 'n', label: 'n', num: true },
      { key: 'benchmark', label: 'benchmark', num: true }, { key: 'met', label: 'met' }],
    rows: ms.map((m, i) => ({ measure: names[i], value: measureValue(m), n: m.n == null && m.suppressed ? SUP : m.n, benchmark: benchmarkText(m),
      met: m.met == null ? '—' : m.met ? 'yes' : 'no' })) } })));
}

// ------------------------------------------------------------------ Completeness
async function completeness(body, params) {
  const r = await api.get('/api/v1/reports/completeness', apiFilters(params));
  const centresList = r.centres || [];
  const fields = r.fields || [];
  const data = [];
  centresList.forEach((c, x) => (c.fields || []).forEach((f) => {
    if (f.share != null) data.push([x, fields.indexOf(f.field), Math.round(f.share * 1000) / 10]);
  }));
  const cs = centresList.map((c) => c.centre_id);
  const option = {
    grid: { left: 230, right: 20, top: 10, bottom: 110 },
    xAxis: { type: 'category', data: cs, axisLabel: { rotate: 45, interval: 0 } },
    yAxis: { type: 'category', data: fields, axisLabel: { interval: 0, fontSize: 11 } },
    visualMap: { min: 0, max: 100, orient: 'horizontal', left: 'center', bottom: 0, inRange: { color: ['#D55E00', '#F0E442', '#009E73'] }, text: ['100% complete', '0%'] },
    tooltip: { formatter: (p) => `${cs[p.value[0]]} · ${fields[p.value[1]]}: ${p.value[2]}% complete` },
    series: [{ type: 'heatmap', data, label: { show: cs.length <= 12 && fields.length <= 30, fontSize: 10 } }],
  };
  const box = chartCard({ title: 'Completeness by centre and field', id: 'completeness', tall: true, option,
    note: `Share of cases with each released field recorded. Centres with ${supText()} cases are withheld (blank columns).`,
    table: { caption: 'Completeness per centre', columns: [{ key: 'centre', label: 'centre' }, { key: 'cases', label: 'cases', num: true },
      ...fields.map((f) => ({ key: f, label: f, num: true, fmt: (v) => `${(v * 100).toFixed(1)}%` }))],
    rows: [...centresList, ...(r.total ? [{ ...r.total, centre_id: 'all' }] : [])].map((c) => ({ centre: c.centre_id, cases: c.cases == null && c.suppressed ? SUP : c.cases,
      ...Object.fromEntries((c.fields || []).map((f) => [f.field, f.share])) })) } });
  box.querySelector('.chart').style.height = `${Math.max(440, fields.length * 18 + 140)}px`;
  body.append(el('div', { class: 'grid' }, box));
}

// ------------------------------------------------------------------ my centre (centre-lead)
function myCentreCard(r) {
  const rows = [];
  const acc = (x) => (x && x.total ? countOf(x.total) : null);
  rows.push({ measure: 'cases', centre: acc(r.accrual && r.accrual.centre), registry: acc(r.accrual && r.accrual.registry) });
  const rate = (g) => (!g ? null : g.rate == null ? (g.suppressed ? SUP : null) : `${pct(g.rate)} (${g.numerator}/${g.denominator}; ${ci(g.ci_lower, g.ci_upper)})`);
  (r.outcomes || []).forEach((o) => rows.push({ measure: (INDICATORS.find(([k]) => k === o.indicator) || [0, o.indicator])[1], centre: rate(o.centre), registry: rate(o.registry) }));
  const med = (s) => (!s ? null : s.suppressed && !(s.steps || []).length ? SUP : days(s.median_days));
  (r.survival || []).forEach((e) => rows.push({ measure: `median ${e.endpoint.toUpperCase()}`, centre: med(e.centre), registry: med(e.registry) }));
  const card = chartCard({ title: `Your centre (${r.centre_id}) beside the registry`, id: 'my-centre',
    note: 'Your own centre exactly; the registry as every protected role sees it.',
    table: { caption: `Centre ${r.centre_id} and registry`, columns: [{ key: 'measure', label: 'measure' }, { key: 'centre', label: r.centre_id, num: true }, { key: 'registry', label: 'registry', num: true }], rows } });
  return card;
}

// ------------------------------------------------------------------ Exports (analysts)
const EXPORT_TABLES = [['cases', 'cases'], ['procedures', 'procedures'], ['follow_up', 'follow-up'], ['imaging', 'imaging'],
  ['biomarkers', 'biomarkers'], ['neoadjuvant_therapy', 'neoadjuvant therapy']];
const EXPORT_FILTERS = FILTERS.filter((f) => !f.freeze);
const when = (iso) => (iso ? new Date(iso).toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'short' }) : '—');

function clearProblem(form, general) {
  form.querySelectorAll('.field-error').forEach((x) => { x.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach((x) => x.removeAttribute('aria-invalid'));
  general.replaceChildren();
}

/** The problem's errors[] beside the fields they name ("/purpose", "/filters/who_grade", "/tables/0"). */
function showProblem(form, general, e) {
  clearProblem(form, general);
  const rest = [];
  for (const err of (e.problem && e.problem.errors) || []) {
    const path = String(err.pointer ?? err.field ?? '').replace(/^\//, '').split(/[/.[\]]/).filter(Boolean);
    const name = path[0] === 'filters' && path[1] ? path[1] : path[0];
    const slot = name && form.querySelector(`#err-${CSS.escape(name)}`);
    const text = `${err.detail || err.rule}${err.rule ? ` (${err.rule})` : ''}`;
    if (slot) {
      slot.textContent = text;
      const input = form.querySelector(`[name="${CSS.escape(name)}"]`);
      if (input) input.setAttribute('aria-invalid', 'true');
    } else rest.push(`${path.join('.') || 'request'}: ${text}`);
  }
  const head = e.status === 403 ? 'Only analysts may request exports.' : e.message;
  general.replaceChildren(el('p', { class: 'error', 'data-error': e.status || 'client', text: head }), ...(rest.length ? [el('ul', { class: 'error' }, rest.map((t) => el('li', { text: t })))] : []));
}

async function exportsPage(body, params) {
  const row = (name, text, input, hint) => [el('label', { for: input.id, text }),
    el('div', { class: 'field' }, input, hint ? el('small', { class: 'note', text: hint }) : null,
      el('span', { class: 'field-error', id: `err-${name}`, role: 'alert' }))];
  const filterInputs = EXPORT_FILTERS.map((f) => {
    const input = f.year
      ? el('input', { type: 'number', id: `ex-${f.key}`, name: f.key, min: 1980, max: 2100, step: 1, value: params[f.key] || '' })
      : el('select', { id: `ex-${f.key}`, name: f.key }, el('option', { value: '', text: 'all' }),
        f.values.map((v) => el('option', { value: v, selected: params[f.key] === v, text: v.replace(/_/g, ' ') })));
    return row(f.key, f.label, input);
  });
  const freezeNames = freezes.includes(params.freeze) || !params.freeze ? freezes : [params.freeze, ...freezes];
  const form = el('form', { class: 'export-form', id: 'export-form', novalidate: true },
    ...row('format', 'Format', el('select', { id: 'ex-format', name: 'format' }, ['csv', 'parquet', 'jsonl'].map((v) => el('option', { value: v, text: v })))),
    el('fieldset', {}, el('legend', { text: 'Tables' }),
      EXPORT_TABLES.map(([v, t]) => el('label', { class: 'check' }, el('input', { type: 'checkbox', name: 'tables', value: v, checked: true }), ` ${t}`)),
      el('span', { class: 'field-error', id: 'err-tables', role: 'alert' })),
    ...row('purpose', 'Purpose', el('input', { id: 'ex-purpose', name: 'purpose', maxlength: 500, placeholder: 'study id or approval reference, e.g. ALPPS-2027-01' }),
      'Required (3–500 characters): recorded with the export and in its codebook.'),
    ...row('freeze', 'Data freeze', el('select', { id: 'ex-freeze', name: 'freeze' }, el('option', { value: '', text: 'live data' }),
      freezeNames.map((v) => el('option', { value: v, selected: params.freeze === v, text: v })))),
    ...row('k', 'k-anonymity', el('input', { id: 'ex-k', name: 'k', type: 'number', min: 2, max: 100, step: 1, placeholder: 'registry default' }),
      'Optional: each combination of quasi-identifiers is shared by at least k cases.'),
    el('h3', { class: 'form-sub', text: 'Filters' }), el('span'),
    ...filterInputs.flat(),
    ...row('centre_id', 'Centre', el('input', { id: 'ex-centre_id', name: 'centre_id', placeholder: 'all centres, or e.g. C001', value: params.centre_id || '' })),
    el('span'), el('div', {}, el('button', { type: 'submit', id: 'ex-submit', text: 'Request export' })));
  const general = el('div', { id: 'export-errors' });
  const status = el('div', { id: 'export-status', role: 'status', 'aria-live': 'polite' });
  const past = el('div', { id: 'export-list' });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const fd = new FormData(form);
    const filters = {};
    for (const f of [...EXPORT_FILTERS.map((x) => x.key), 'centre_id']) {
      const v = (fd.get(f) || '').trim();
      if (v) filters[f] = /^index_year_/.test(f) && /^\d+$/.test(v) ? Number(v) : v;
    }
    const req = { format: fd.get('format'), tables: fd.getAll('tables'), purpose: (fd.get('purpose') || '').trim() };
    if (Object.keys(filters).length) req.filters = filters;
    if (fd.get('freeze')) req.freeze = fd.get('freeze');
    const k = (fd.get('k') || '').trim();
    if (k) req.k = /^\d+$/.test(k) ? Number(k) : k;
    const button = form.querySelector('#ex-submit');
    button.disabled = true;
    try {
      const job = await api.post('/api/v1/exports', req);
      clearProblem(form, general);
      sessionExports.unshift(job.id);
      listExports(past);
      await watch(job.id, status);
      listExports(past);
    } catch (err) {
      if (err instanceof api.ApiError) showProblem(form, general, err);
      else general.replaceChildren(errorNote(err));
    } finally {
      button.disabled = false;
    }
  });
  body.append(el('div', { class: 'grid exports-grid' },
    el('section', { class: 'card', 'data-card': 'export-request' }, el('h2', { text: 'Request an export' }),
      el('p', { class: 'note', text: 'De-identified, research-consented cases only. The file is a zip with one file per table, the codebook and the disclosure-risk summary.' }),
      form, general, status),
    el('section', { class: 'card', 'data-card': 'export-list' }, el('h2', { text: 'Past exports' }), past)));
  await listExports(past);
}

/** Rows per table: the job's row_counts, or else its files' rows ("cases.csv" → cases). */
function rowCounts(job) {
  if (job.row_counts) return job.row_counts;
  return Object.fromEntries((Array.isArray(job.files) ? job.files : [])
    .filter((f) => f && f.rows != null && /^[a-z_]+\./.test(f.name || '') && !/^(codebook|risk)\./.test(f.name))
    .map((f) => [f.name.replace(/\..*$/, ''), f.rows]));
}

/** Polls the job until it completes or fails, showing its progress. */
async function watch(id, status) {
  const bar = el('progress', { class: 'progress', max: 1, value: 0, 'aria-label': 'Export progress' });
  const text = el('span', { class: 'export-progress' });
  status.dataset.export = id;
  status.replaceChildren(el('p', {}, bar, ' ', text));
  for (;;) {
    if (!status.isConnected) return;        // the user left the page
    const job = await api.get(`/api/v1/exports/${encodeURIComponent(id)}`);
    bar.max = job.total || 1;
    bar.value = job.status === 'completed' ? bar.max : job.done || 0;
    text.textContent = `${job.status}${job.total ? ` (${job.done ?? 0} of ${job.total})` : ''}`;
    status.dataset.status = job.status;
    if (job.status === 'completed') {
      const counts = Object.entries(rowCounts(job)).map(([t, n]) => `${t} ${n}`).join(', ');
      return status.append(el('p', {}, `Ready${counts ? `: ${counts} rows` : ''}. `, fileButtons(job)));
    }
    if (job.status === 'failed') return status.append(el('p', { class: 'error', text: job.error || 'The export failed.' }));
    await new Promise((r) => setTimeout(r, 700));
  }
}

/** Downloads through fetch with the bearer token and a Blob: the token never goes into a URL. */
function fileButtons(job) {
  const msg = el('span', { class: 'download-error', role: 'alert' });
  const get = (path, fallbackName) => async () => {
    msg.textContent = '';
    try {
      const f = await api.blob(path);
      download(f.filename && f.filename !== path.split('/').pop() ? f.filename : fallbackName, f.blob);
    } catch (e) {
      msg.replaceChildren(errorNote(e));
    }
  };
  const id = encodeURIComponent(job.id);
  return el('span', { class: 'export-actions' },
    el('button', { type: 'button', class: 'download-file', 'data-export': job.id, text: 'Download zip', onclick: get(`/api/v1/exports/${id}/file`, `nelm-export-${job.id}.zip`) }), ' ',
    el('button', { type: 'button', class: 'download-codebook', 'data-export': job.id, text: 'Codebook', onclick: get(`/api/v1/exports/${id}/codebook`, `nelm-export-${job.id}-codebook.json`) }), ' ', msg);
}

// Fallback while a server does not serve GET /api/v1/exports: the exports requested in this session.
const sessionExports = [];

async function listExports(target) {
  let jobs;
  let note = null;
  try {
    const page = await api.get('/api/v1/exports', { page: 0, size: 20 });
    jobs = page.items || [];
    if (page.total > jobs.length) note = `The newest ${jobs.length} of ${page.total} exports.`;
  } catch (e) {
    if (!(e instanceof api.ApiError) || ![404, 405].includes(e.status)) {
      target.replaceChildren(errorNote(e));
      return;
    }
    const each = await settle(sessionExports.map((id) => api.get(`/api/v1/exports/${encodeURIComponent(id)}`)));
    jobs = each.filter((j) => j.ok).map((j) => j.v);
    note = 'This server does not list past exports yet: these are the ones requested in this browser session.';
  }
  if (!jobs.length) {
    target.replaceChildren(el('p', { class: 'note', id: 'export-list-empty', text: 'No exports yet.' }));
    return;
  }
  const th = (t) => el('th', { scope: 'col', text: t });
  const table = el('table', { class: 'data exports' },
    el('caption', { class: 'visually-hidden', text: 'Past exports, newest first' }),
    el('thead', {}, el('tr', {}, ['requested', 'format', 'tables', 'purpose', 'freeze', 'status', 'rows', 'expires', ''].map(th))),
    el('tbody', {}, jobs.map((j) => el('tr', { 'data-export': j.id, 'data-status': j.status },
      el('td', { text: when(j.created_at) }), el('td', { text: j.format || '—' }),
      el('td', { text: !j.tables || j.tables.length >= EXPORT_TABLES.length ? 'all' : j.tables.join(', ') }),
      el('td', { class: 'purpose', text: j.purpose || '—' }),
      el('td', { text: j.freeze || 'live' }),
      el('td', { class: 'status', text: j.status + (j.status === 'running' && j.total ? ` ${j.done ?? 0}/${j.total}` : '') }),
      el('td', { class: 'num', text: rowCounts(j).cases != null ? `${rowCounts(j).cases} cases` : '—' }),
      el('td', { text: j.expired ? 'expired' : when(j.expires_at) }),
      el('td', {}, j.status === 'completed' && !j.expired ? fileButtons(j) : null)))));
  target.replaceChildren(el('div', { class: 'table-wrap' }, table), note ? el('p', { class: 'note', text: note }) : '');
}

start();
