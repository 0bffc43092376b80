// Chart cards: an ECharts chart, its PNG/SVG/CSV downloads and a data table for screen readers.
// Suppressed values never reach a chart as numbers: they are drawn as a "< 5" label only, and
// the table, tooltip and CSV carry the same text.

// Okabe–Ito colour-blind-safe palette (yellow last: weakest on white)
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#56B4E9', '#CC79A7', '#000000', '#F0E442'];
let threshold = 5;
export const setThreshold = (maxHidden) => { threshold = maxHidden + 1; };
export const supText = () => `< ${threshold}`;
export const supExplain = () => `Suppressed: a count from 1 to ${threshold - 1}, or hidden so that such a count cannot be worked out from the totals. Numbers this small are not shown, so that no patient can be singled out.`;

export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k === 'class') e.className = v; else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c != null) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

/** A table/CSV cell: {sup: true} for a suppressed value, else a number or text. */
export const SUP = Object.freeze({ sup: true });
// (not `v.sup`: strings inherit the legacy String.prototype.sup method)
export const isSup = (v) => v != null && typeof v === 'object' && v.sup === true;
export const countOf = (o) => (o == null ? null : o.suppressed ? SUP : o.count);
const cellText = (v, fmt) => (isSup(v) ? supText() : v == null ? '—' : fmt ? fmt(v) : String(v));

export function dataTable(table, highlight) {
  const t = el('table', { class: 'data' });
  if (table.caption) t.append(el('caption', { class: 'visually-hidden', text: table.caption }));
  t.append(el('thead', {}, el('tr', {}, table.columns.map((c) => el('th', { scope: 'col', class: c.num ? 'num' : null, text: c.label })))));
  const body = el('tbody');
  for (const r of table.rows) {
    const tr = el('tr', { class: highlight && highlight(r) ? 'hl' : null });
    for (const c of table.columns) {
      const v = r[c.key];
      tr.append(isSup(v)
        ? el('td', { class: 'num sup', title: supExplain(), 'data-suppressed': 'true', text: supText() })
        : el('td', { class: c.num ? 'num' : null, text: cellText(v, c.fmt) }));
    }
    body.append(tr);
  }
  t.append(body);
  return t;
}

export function toCsv(table) {
  const q = (s) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [table.columns.map((c) => q(c.label)).join(',')];
  for (const r of table.rows) lines.push(table.columns.map((c) => q(cellText(r[c.key], c.csv || c.fmt).replace('—', ''))).join(','));
  return lines.join('\n') + '\n';
}

export function download(name, blobOrUrl) {
  const url = typeof blobOrUrl === 'string' ? blobOrUrl : URL.createObjectURL(blobOrUrl);
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  if (typeof blobOrUrl !== 'string') setTimeout(() => URL.revokeObjectURL(url), 10000);
}

const charts = new Set();
let pending = [];
let observer = null;
addEventListener('resize', () => charts.forEach((c) => c.resize()));
export function disposeAll() {
  if (observer) observer.disconnect();
  observer = null;
  charts.forEach((c) => c.dispose());
  charts.clear();
  pending = [];
}
/**
 * Draws the charts of cards built since the last call; their boxes must be in the document
 * (ECharts measures them). Charts in or near the window are drawn now; the others when scrolled
 * near (or when a download needs them), so the first screen is ready sooner.
 */
export function mountPending() {
  const todo = pending;
  pending = [];
  const near = innerHeight + 200;
  const later = todo.filter(({ box, mount }) => (box.getBoundingClientRect().top < near ? (mount(), false) : true));
  if (!later.length) return;
  observer = observer || new IntersectionObserver((entries) => entries.forEach((e) => {
    if (e.isIntersecting) { observer.unobserve(e.target); e.target.mountChart(); }
  }), { rootMargin: '300px 0px' });
  later.forEach(({ box, mount }) => { box.mountChart = mount; observer.observe(box); });
}

/**
 * A card with a title, download tools, a chart (when option is given) and a table.
 * Returns the card element. spec: {title, id, option, table, note, tall, highlight, extra}
 */
export function chartCard(spec) {
  const slug = spec.id || spec.title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const card = el('section', { class: 'card', 'data-card': slug, 'aria-labelledby': `h-${slug}` });
  card.append(el('h2', { id: `h-${slug}`, text: spec.title }));
  const tools = el('div', { class: 'tools' });
  card.append(tools);
  if (spec.note) card.append(el('p', { class: 'note', text: spec.note }));
  if (spec.extra) card.append(spec.extra);
  let chart = null;
  const tableWrap = el('div', { class: 'table-wrap' + (spec.option ? ' visually-hidden' : '') }, dataTable(spec.table, spec.highlight));
  if (spec.option) {
    const box = el('div', { class: 'chart' + (spec.tall ? ' tall' : ''), role: 'img', 'aria-label': `${spec.title} (chart; the table below has its data)` });
    card.append(box);
    if (spec.after) card.append(spec.after);
    const mount = () => {
      if (chart) return chart;
      if (observer) observer.unobserve(box);
      chart = echarts.init(box, null, { renderer: 'canvas' });
      chart.setOption({ color: PALETTE, textStyle: { fontSize: 13 }, animation: false, ...spec.option });
      charts.add(chart);
      return chart;
    };
    pending.push({ box, mount });
    tools.append(
      el('button', { type: 'button', text: 'PNG', title: 'Download the chart as PNG',
        onclick: () => download(`${slug}.png`, mount().getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' })) }),
      el('button', { type: 'button', text: 'SVG', title: 'Download the chart as SVG', onclick: () => {
        const svg = echarts.init(null, null, { renderer: 'svg', ssr: true, width: box.clientWidth, height: box.clientHeight });
        svg.setOption({ color: PALETTE, animation: false, ...spec.option });
        const text = escapeSvgText(svg.renderToSVGString());
        svg.dispose();
        download(`${slug}.svg`, new Blob([text], { type: 'image/svg+xml' }));
      } }),
      el('button', { type: 'button', text: 'Table', 'aria-expanded': 'false', title: 'Show the data as a table', onclick: (e) => {
        const shown = tableWrap.classList.toggle('visually-hidden') === false;
        e.target.setAttribute('aria-expanded', String(shown));
      } }));
  }
  tools.append(el('button', { type: 'button', text: 'CSV', title: 'Download the data (suppression kept)',
    onclick: () => download(`${slug}.csv`, new Blob([toCsv(spec.table)], { type: 'text/csv' })) }));
  card.append(tableWrap);
  return card;
}

/**
 * ECharts 5.3.1's server-side SVG writes text content unescaped: a "< 5" label would make the file
 * invalid XML. Escapes the content of each <text> (entities it already has are kept).
 */
export function escapeSvgText(svg) {
  return svg.replace(/(<text\b[^>]*>)([\s\S]*?)(<\/text>)/g, (m, open, body, close) => open
    + body.replace(/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') + close);
}

/** Tooltip text for a data item that may be suppressed. */
export function tip(name, value, fmt = String) {
  return isSup(value) ? `${name}: ${supText()}<br>${supExplain()}` : `${name}: ${value == null ? '—' : fmt(value)}`;
}

/**
 * Bar chart of counts by one category. Suppressed bars get no value at all (ECharts draws
 * nothing for '-'); a label-only series writes "< 5" at the base of the axis.
 */
export function countBars(categories, values, { horizontal = false, name = 'cases' } = {}) {
  const bars = values.map((v) => (isSup(v) ? '-' : v));
  const labels = values.map((v, i) => (isSup(v) ? { value: 0, sup: true, name: categories[i] } : '-'));
  const cat = { type: 'category', data: categories, axisLabel: { interval: 0, rotate: horizontal ? 0 : (categories.length > 8 ? 40 : 0) } };
  const val = { type: 'value', name, minInterval: 1 };
  return {
    grid: { left: horizontal ? 110 : 56, right: 24, top: 30, bottom: horizontal ? 30 : 70 },
    xAxis: horizontal ? val : cat, yAxis: horizontal ? cat : val,
    tooltip: { trigger: 'item', formatter: (p) => tip(p.name, values[p.dataIndex]) },
    series: [
      { type: 'bar', name, data: bars, label: { show: categories.length <= 24, position: horizontal ? 'right' : 'top' } },
      { type: 'scatter', name: 'suppressed', data: labels, symbolSize: 1, silent: false,
        label: { show: true, formatter: supText(), position: horizontal ? 'right' : 'top', color: '#D55E00', fontWeight: 'bold' } },
    ],
  };
}
