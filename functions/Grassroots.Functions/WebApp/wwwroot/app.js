// The Grassroots web app: screens over the same HTTP API every client uses. It decides nothing itself: what a person
// may do comes from GET /api/me, and every action is a request the API checks. No framework, no build step.
import { text, setLanguage, language, tierName, kindName } from './i18n.js';

const api = '/api/';
const main = document.getElementById('main');
const zone = 'Asia/Shanghai';
let me = null;
let ticker = null;

function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

function svg(tag, attrs = {}, ...children) {
  const element = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, value);
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) element.append(child instanceof Node ? child : String(child));
  return element;
}

async function call(path, options = {}) {
  const response = await fetch(api + path, { credentials: 'same-origin', ...options, headers: { Accept: 'application/json', ...(options.headers || {}) } });
  const body = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    const error = new Error((body && (body.detail || body.title)) || response.statusText);
    error.status = response.status;
    throw error;
  }
  return body;
}

const post = (path, body) => call(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

function announce(message) {
  document.getElementById('status').textContent = message;
}

function show(title, ...content) {
  if (ticker) clearInterval(ticker);
  ticker = null;
  main.replaceChildren(h('h1', { id: 'title' }, title), ...content);
  document.title = title + ' · ' + text('brand');
}

function failure(error) {
  return h('p', { class: 'error', role: 'alert' }, text('failed') + ': ' + error.message);
}

function when(iso) {
  return iso ? new Date(iso).toLocaleString(language() === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: zone, dateStyle: 'medium', timeStyle: 'short' }) : '—';
}

function day(date) {
  return date.toLocaleDateString('sv-SE', { timeZone: zone });
}

function percent(value) {
  return value === null || value === undefined ? '—' : (value * 100).toFixed(1) + '%';
}

/** "3:12:05 left" or "overdue by 0:04:10": the review deadline of tonight, counted down each second. */
function countdown(deadline) {
  const span = h('span', { class: 'countdown' });
  const update = () => {
    const seconds = Math.floor((new Date(deadline) - Date.now()) / 1000);
    const abs = Math.abs(seconds);
    const clock = `${Math.floor(abs / 3600)}:${String(Math.floor(abs / 60) % 60).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
    span.textContent = seconds >= 0 ? text('left', clock) : text('overdueBy', clock);
    span.classList.toggle('late', seconds < 0);
  };
  update();
  return span;
}

function startTicking() {
  ticker = setInterval(() => {
    for (const span of main.querySelectorAll('[data-deadline]')) span.replaceChildren(countdown(span.dataset.deadline));
  }, 1000);
}

function deadlineCell(deadline) {
  return h('span', { 'data-deadline': deadline }, countdown(deadline));
}

// ---------- navigation ----------
function renderNav(route) {
  const links = [];
  if (me && (me.kind === 'person' || me.kind === 'department')) links.push(['#/inbox', me.kind === 'department' ? text('desk') : text('inbox')]);
  if (me && me.may.readFigures) links.push(['#/dashboard', text('dashboard')], ['#/honour-roll', text('honourRoll')]);
  links.push(['#/track', text('track')]);
  const list = h('ul', {}, links.map(([href, label]) => h('li', {}, h('a', { href, 'aria-current': route === href ? 'page' : false }, label))));
  const nav = document.getElementById('nav');
  nav.setAttribute('aria-label', text('mainNav'));
  nav.replaceChildren(list, me ? h('a', { href: '/.auth/logout?post_logout_redirect_uri=/api/app/' }, text('signOut'), ' (', me.name || me.department?.name || me.identityId, ')')
    : h('a', { href: '/.auth/login/aad?post_login_redirect_uri=/api/app/' }, text('signIn')));
  document.getElementById('brand').textContent = text('brand');
  const toggle = document.getElementById('lang');
  toggle.textContent = language() === 'zh' ? 'English' : '中文';
  toggle.setAttribute('lang', language() === 'zh' ? 'en' : 'zh-CN');
  document.querySelector('.skip').textContent = text('skip');
}

// ---------- screens ----------
function welcome() {
  show(text('welcome'),
    h('p', {}, text('welcomeText')),
    h('p', { class: 'actions' },
      h('a', { class: 'button', href: '/.auth/login/aad?post_login_redirect_uri=/api/app/' }, text('signIn')),
      h('a', { class: 'button secondary', href: '#/track' }, text('track'))));
}

async function inbox() {
  const department = me.kind === 'department';
  const heading = department ? text('deskOf', me.department.name) : text('inboxOf', me.name || '');
  let data;
  try {
    data = await call('me/inbox');
  } catch (error) {
    return show(heading, failure(error));
  }

  const counts = data.counts;
  const badges = h('p', { class: 'badges' },
    h('span', { class: 'badge', 'data-count': 'waiting' }, text('waiting', counts.waiting + (data.countsAreLowerBounds ? '+' : ''))),
    h('span', { class: 'badge late', 'data-count': 'past' }, text('pastDeadline', counts.pastDeadline)));
  const items = data.items.map(item => h('li', { class: 'card item' + (item.pastDeadline || item.overdue ? ' late-card' : ''), 'data-event': item.eventId },
    h('div', {},
      h('a', { href: '#/events/' + encodeURIComponent(item.eventId) }, item.title),
      h('div', { class: 'meta' }, text('action_' + item.action), ' · ', tierName(item.tier), ' ', item.nodeId, ' · ', text('category_' + item.category, item.category), ' · ', item.eventId)),
    h('div', {}, deadlineCell(item.deadlineUtc), h('div', { class: 'meta' }, text('deadline'), ' ', when(item.deadlineUtc)))));
  show(heading, badges, items.length ? h('ul', { class: 'list', 'aria-label': heading }, items) : h('p', {}, text('nothingWaits')));
  startTicking();
}

async function eventDetail(id) {
  let event;
  try {
    event = await call('events/' + encodeURIComponent(id));
  } catch (error) {
    return show(text('event'), failure(error));
  }

  const facts = h('dl', { class: 'figures' },
    figure(text('status'), text('status_' + event.status, event.status)),
    figure(text('stage'), text('stage_' + event.stage, event.stage)),
    figure(text('tier'), tierName(event.currentTier) + ' ' + event.currentNodeId),
    figure(text('round'), event.round),
    event.status === 'open' && event.deadlineUtc ? figure(text('deadline'), deadlineCell(event.deadlineUtc)) : null,
    event.outcome ? figure(text('outcome'), text('outcome_' + event.outcome, event.outcome)) : null);
  const reporter = h('p', {}, text('reporter'), ': ', event.reporter.name || '—', ' · ', event.reporter.phone || '—');
  const dispatches = event.dispatches.length ? [h('h2', {}, text('dispatches')), h('table', {},
    h('thead', {}, h('tr', {}, [text('department'), text('round'), text('state'), text('acknowledgeBy'), text('resolveBy')].map(c => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, event.dispatches.map(d => h('tr', { 'data-dispatch': d.departmentId }, h('td', {}, d.departmentName), h('td', {}, d.round),
      h('td', {}, text('dispatch_' + d.state, d.state)), h('td', {}, when(d.acknowledgeByUtc)), h('td', {}, when(d.resolveByUtc))))))] : [];
  const timeline = h('ol', { class: 'list timeline' }, event.timeline.map(step => h('li', {},
    h('strong', {}, kindName(step.kind)), ' ', step.tier ? tierName(step.tier) : '', ' · ', when(step.at),
    step.actorName ? ' · ' + step.actorName : '', step.note ? h('div', { class: 'meta' }, step.note) : null)));
  show(event.title, h('p', { class: 'meta' }, event.eventId, ' · ', text('category_' + event.category, event.category), ' · ', when(event.capturedAt)),
    h('p', {}, event.description), reporter, facts, actionsFor(event), ...dispatches, h('h2', {}, text('timeline')), timeline);
  startTicking();
}

function figure(label, value) {
  return h('div', { class: 'figure' }, h('dt', {}, label), h('dd', {}, value));
}

/** The forms this caller may use on this event; the API still decides, and its refusal is shown as it comes. */
function actionsFor(event) {
  if (event.status !== 'open') return null;
  if (me.kind === 'person' && event.stage === 'awaiting-review' && me.may.review) return reviewForms(event);
  if (me.kind === 'department' && event.stage === 'dispatched') {
    const mine = event.dispatches.find(d => d.departmentId === me.department.departmentId && d.round === event.round);
    if (mine && (mine.state === 'dispatched' || mine.state === 'acknowledged')) return departmentForms(event, mine);
  }
  return null;
}

function result() {
  return h('div', { 'aria-live': 'polite', class: 'result' });
}

async function submit(form, output, request, done) {
  const buttons = form.querySelectorAll('button');
  buttons.forEach(b => { b.disabled = true; });
  try {
    await request();
    output.replaceChildren(h('p', { class: 'ok', role: 'status' }, done));
    announce(done);
    setTimeout(route, 1500);
  } catch (error) {
    output.replaceChildren(failure(error));
    buttons.forEach(b => { b.disabled = false; });
  }
}

function reviewForms(event) {
  const holding = me.nodes.find(n => n.nodeId === event.currentNodeId);
  const departments = holding ? holding.dispatchTo : [];
  const output = result();
  const note = h('textarea', { id: 'review-note', name: 'note', rows: 2, maxlength: 2000 });
  const outcome = h('select', { id: 'review-outcome', name: 'outcome' },
    ['fixed', 'no-action-needed', 'not-ours'].map(o => h('option', { value: o }, text('outcome_' + o))));
  const form = h('form', { class: 'card', 'aria-labelledby': 'review-heading' },
    h('h2', { id: 'review-heading' }, text('review')),
    h('label', { for: 'review-note' }, text('note')), note,
    h('label', { for: 'review-outcome' }, text('outcome')), outcome,
    departments.length ? h('fieldset', {}, h('legend', {}, text('dispatchTo')),
      departments.map(d => h('label', { class: 'choice' }, h('input', { type: 'checkbox', name: 'department', value: d.departmentId }), d.name))) : null,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'button', name: 'decision', value: 'resolve' }, text('resolve')),
      h('button', { type: 'submit', class: 'button secondary', name: 'decision', value: 'escalate' }, text('escalate')),
      departments.length ? h('button', { type: 'submit', class: 'button secondary', name: 'decision', value: 'dispatch' }, text('dispatch')) : null),
    output);
  form.addEventListener('submit', e => {
    e.preventDefault();
    const decision = e.submitter.value;
    const body = { tier: event.currentTier, round: event.round, decision, note: note.value || undefined };
    if (decision === 'resolve') body.outcome = outcome.value;
    if (decision === 'dispatch') {
      body.departments = [...form.querySelectorAll('input[name=department]:checked')].map(i => i.value);
      if (!body.departments.length) return output.replaceChildren(h('p', { class: 'error', role: 'alert' }, text('pickDepartment')));
    }
    submit(form, output, () => post(`events/${encodeURIComponent(event.eventId)}/reviews`, body), text('sent_' + decision));
  });
  return form;
}

function departmentForms(event, dispatch) {
  const output = result();
  const note = h('textarea', { id: 'report-note', name: 'note', rows: 2, maxlength: 2000 });
  const reason = h('input', { type: 'text', id: 'report-reason', name: 'reason', maxlength: 500 });
  const form = h('form', { class: 'card', 'aria-labelledby': 'report-heading' },
    h('h2', { id: 'report-heading' }, text('report')),
    h('label', { for: 'report-note' }, text('note')), note,
    h('label', { for: 'report-reason' }, text('returnReason')), reason,
    h('div', { class: 'actions' },
      dispatch.state === 'dispatched' ? h('button', { type: 'submit', class: 'button', value: 'acknowledged' }, text('acknowledge')) : null,
      h('button', { type: 'submit', class: dispatch.state === 'dispatched' ? 'button secondary' : 'button', value: 'resolved' }, text('resolve')),
      h('button', { type: 'submit', class: 'button danger', value: 'returned' }, text('return'))),
    output);
  form.addEventListener('submit', e => {
    e.preventDefault();
    const kind = e.submitter.value;
    if (kind === 'returned' && !reason.value.trim()) {
      output.replaceChildren(h('p', { class: 'error', role: 'alert' }, text('reasonNeeded')));
      return reason.focus();
    }
    const body = { kind, round: event.round, note: note.value || undefined, reason: kind === 'returned' ? reason.value : undefined };
    submit(form, output, () => post(`events/${encodeURIComponent(event.eventId)}/department-reports`, body), text('sent_' + kind));
  });
  return form;
}

function nodePicker(id, selected) {
  return h('select', { id, name: 'nodeId' }, me.nodes.map(n => h('option', { value: n.nodeId, selected: n.nodeId === selected }, tierName(n.tier) + ' · ' + n.name)));
}

function barChart(label, rows, { max, warn } = {}) {
  const width = 320;
  const rowHeight = 26;
  const top = max || Math.max(1, ...rows.map(r => r.value));
  const chart = svg('svg', { class: 'chart', viewBox: `0 0 ${width} ${rows.length * rowHeight + 4}`, role: 'img', 'aria-label': label },
    rows.map((r, i) => svg('g', {},
      svg('text', { x: 0, y: i * rowHeight + 17 }, r.label),
      svg('rect', { class: 'bar-fill' + (warn ? ' warn' : ''), x: 90, y: i * rowHeight + 5, height: 16, width: Math.max(1, (r.value / top) * 170) }),
      svg('text', { x: 96 + Math.max(1, (r.value / top) * 170), y: i * rowHeight + 17 }, r.shown ?? r.value))));
  // The figures as a table too: a chart alone says nothing to a screen reader.
  const table = h('table', { class: 'visually-hidden' }, h('caption', {}, label),
    h('tbody', {}, rows.map(r => h('tr', {}, h('th', { scope: 'row' }, r.label), h('td', {}, r.shown ?? r.value)))));
  return h('figure', { class: 'card' }, h('figcaption', {}, h('strong', {}, label)), chart, table);
}

const tiers = ['unit', 'grid', 'community', 'town', 'district', 'city'];

async function dashboard(params) {
  const nodeId = params.get('node') || me.nodes[0]?.nodeId;
  if (!nodeId) return show(text('dashboard'), h('p', {}, text('noNode')));
  const picker = nodePicker('dashboard-node', nodeId);
  const form = h('form', { class: 'card' }, h('label', { for: 'dashboard-node' }, text('node')), picker,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button' }, text('show'))));
  form.addEventListener('submit', e => { e.preventDefault(); location.hash = '#/dashboard?node=' + encodeURIComponent(picker.value); });
  let stats;
  const days = [...Array(14).keys()].reverse().map(i => day(new Date(Date.now() - i * 86400000)));
  let perDay;
  try {
    [stats, perDay] = await Promise.all([
      call('stats?nodeId=' + encodeURIComponent(nodeId)),
      Promise.all(days.map(d => call(`stats?nodeId=${encodeURIComponent(nodeId)}&from=${d}&to=${d}`))),
    ]);
  } catch (error) {
    return show(text('dashboard'), form, failure(error));
  }

  const figures = h('dl', { class: 'figures', 'aria-label': text('figures') },
    h('div', { class: 'figure', 'data-figure': 'captured' }, h('dt', {}, text('captured')), h('dd', {}, stats.captured)),
    h('div', { class: 'figure', 'data-figure': 'closed' }, h('dt', {}, text('closed')), h('dd', {}, stats.closed)),
    h('div', { class: 'figure', 'data-figure': 'closureRate' }, h('dt', {}, text('closureRate')), h('dd', {}, percent(stats.closureRate))),
    h('div', { class: 'figure', 'data-figure': 'grassrootsShare' }, h('dt', {}, text('grassrootsShare')), h('dd', {}, percent(stats.grassrootsShare))),
    h('div', { class: 'figure', 'data-figure': 'openNow' }, h('dt', {}, text('openNow')), h('dd', {}, stats.openNow)),
    h('div', { class: 'figure', 'data-figure': 'overdueNow' }, h('dt', {}, text('overdueNow')), h('dd', {}, stats.overdueNow)));
  show(text('dashboardOf', nodeId) + ` (${stats.from} – ${stats.to})`, form, figures,
    barChart(text('sharePerTier'), tiers.map(t => ({ label: tierName(t), value: stats.resolvedAtTier[t]?.share ?? 0, shown: percent(stats.resolvedAtTier[t]?.share) })), { max: 1 }),
    barChart(text('breachesPerTier'), tiers.map(t => ({ label: tierName(t), value: stats.breachesByTier[t] ?? 0 })), { warn: true }),
    barChart(text('eventsPerDay'), perDay.map((s, i) => ({ label: days[i].slice(5), value: s.captured }))));
}

async function honourRoll(params) {
  const nodeId = params.get('node') || me.nodes[0]?.nodeId;
  const month = params.get('month') || day(new Date()).slice(0, 7);
  if (!nodeId) return show(text('honourRoll'), h('p', {}, text('noNode')));
  const picker = nodePicker('roll-node', nodeId);
  const monthInput = h('input', { type: 'month', id: 'roll-month', name: 'month', value: month });
  const form = h('form', { class: 'card' }, h('label', { for: 'roll-node' }, text('node')), picker,
    h('label', { for: 'roll-month' }, text('month')), monthInput,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button' }, text('show'))));
  form.addEventListener('submit', e => {
    e.preventDefault();
    location.hash = `#/honour-roll?node=${encodeURIComponent(picker.value)}&month=${encodeURIComponent(monthInput.value)}`;
  });
  let roll;
  try {
    roll = await call(`honour-roll?nodeId=${encodeURIComponent(nodeId)}&month=${encodeURIComponent(month)}`);
  } catch (error) {
    return show(text('honourRoll'), form, failure(error));
  }

  const table = roll.ranked.length ? h('table', {}, h('caption', { class: 'visually-hidden' }, text('honourRoll')),
    h('thead', {}, h('tr', {}, [text('rank'), text('unitHead'), text('unit'), text('points'), text('events')].map(c => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, roll.ranked.map(r => h('tr', {}, h('td', {}, r.rank), h('td', {}, r.personName), h('td', {}, r.unitId), h('td', {}, r.points), h('td', {}, r.events)))))
    : h('p', {}, text('nobodyRanked', roll.minimumEvents));
  show(text('honourRollOf', nodeId, month), form, table, h('p', { class: 'meta' }, text('notRanked', roll.notRanked, roll.minimumEvents)));
}

async function track(params) {
  const input = h('input', { type: 'text', id: 'token', name: 'token', autocomplete: 'off', spellcheck: 'false', required: true, maxlength: 100 });
  const output = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'card' }, h('label', { for: 'token' }, text('token')), input,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button' }, text('follow'))), output);
  form.addEventListener('submit', async e => {
    e.preventDefault();
    try {
      // The token travels in a header, never in the address, so it stays out of logs and history.
      const data = await call('tracking', { headers: { 'X-Tracking-Token': input.value.trim() } });
      const event = data.event;
      output.replaceChildren(h('div', { class: 'card', 'data-tracked': event.eventId },
        h('h2', {}, event.title),
        h('p', {}, text('status'), ': ', h('strong', {}, text('status_' + event.status, event.status)), ' · ', tierName(event.currentTier),
          event.outcome ? ' · ' + text('outcome_' + event.outcome, event.outcome) : ''),
        event.resolution ? h('p', {}, event.resolution) : null,
        h('ol', { class: 'list timeline' }, event.steps.map(s => h('li', {}, h('strong', {}, kindName(s.kind)), ' ', s.tier ? tierName(s.tier) : '', ' · ', when(s.at))))));
    } catch (error) {
      output.replaceChildren(h('p', { class: 'error', role: 'alert' }, error.status === 404 ? text('unknownToken') : text('failed') + ': ' + error.message));
    }
  });
  show(text('track'), h('p', {}, text('trackText')), form);
}

// ---------- routing ----------
async function route() {
  const hash = location.hash || '#/';
  const [path, query] = hash.slice(1).split('?');
  const params = new URLSearchParams(query || '');
  if (me === null && path !== '/track') {
    try {
      me = await call('me');
    } catch (error) {
      if (error.status !== 401) throw error;
    }
  }
  renderNav('#' + path);
  if (path === '/track') return track(params);
  if (!me) return welcome();
  if (path.startsWith('/events/')) return eventDetail(decodeURIComponent(path.slice(8)));
  if (path === '/dashboard') return dashboard(params);
  if (path === '/honour-roll') return honourRoll(params);
  if (me.kind === 'person' || me.kind === 'department') return inbox();
  return show(text('welcome'), h('p', {}, text('noInbox')));
}

document.getElementById('lang').addEventListener('click', () => {
  setLanguage(language() === 'zh' ? 'en' : 'zh');
  route();
});
window.addEventListener('hashchange', () => { route().then(() => main.focus()); });
route();
