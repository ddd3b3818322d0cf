'use strict';
// The Mars dashboard: search over /api/messages, a message's timeline live over STOMP
// (/topic/messages.{id}), a filtered live view of the results (/topic/messages with a query
// header), alerts (/topic/alerts) and pipeline figures (/topic/stats). No build step.

const $ = (selector) => document.querySelector(selector);
const MAX_ROWS = 500;
const state = { query: '', from: 'now-1h', next: null, selected: null, rows: new Map(), versions: new Map() };
const subscriptions = { detail: null, live: null };

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === 'class') node.className = value; else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child ?? '');
  return node;
}

function time(iso) {
  return iso ? iso.replace('T', ' ').replace('Z', '') : '';
}

function showError(message) {
  const banner = $('#error');
  banner.textContent = message || '';
  banner.hidden = !message;
}

async function api(path) {
  let response;
  try {
    response = await fetch(path, { headers: { Accept: 'application/json' } });
  } catch (e) {
    throw new Error('The dashboard API is not reachable.');
  }
  const body = await response.json().catch(() => ({}));
  if (response.status === 503) throw new Error('Elasticsearch is not available; retrying may help. (' + (body.error || '') + ')');
  if (!response.ok) throw new Error(body.error || ('HTTP ' + response.status));
  return body;
}

function searchUrl(after) {
  const params = new URLSearchParams({ size: '50' });
  if (state.query) params.set('q', state.query);
  if (state.from) params.set('from', state.from);
  if (after) params.set('after', after);
  return '/api/messages?' + params;
}

async function search(event) {
  if (event) event.preventDefault();
  state.query = $('#q').value.trim();
  if (/^message_id:\S+$/.test(state.query)) $('#range').value = ''; // an id is found whatever its age
  state.from = $('#range').value;
  const url = new URL(location.href);
  url.searchParams.set('q', state.query);
  url.searchParams.set('range', state.from);
  history.replaceState(null, '', url);
  try {
    const page = await api(searchUrl());
    showError('');
    state.rows.clear();
    $('#results tbody').replaceChildren();
    render(page, true);
    followLive();
  } catch (e) {
    showError(e.message);
  }
}

async function more() {
  try {
    render(await api(searchUrl(state.next)), false);
  } catch (e) {
    showError(e.message);
  }
}

function render(page, first) {
  state.next = page.next;
  $('#more').hidden = !page.next;
  if (first) {
    const total = page.total.value + (page.total.relation === 'gte' ? '+' : '');
    $('#summary').textContent = total + ' messages';
    drawAggregations(page.aggregations || {});
  }
  for (const document of page.hits) upsertRow(document, false);
}

function drawAggregations(aggregations) {
  const buckets = (aggregations.histogram || {}).buckets || [];
  const highest = Math.max(1, ...buckets.map((b) => b.count));
  $('#histogram').replaceChildren(
    ...buckets.map((b) => el('div', { style: `height:${(100 * b.count) / highest}%`, title: `${time(b.at)}: ${b.count}` })));
  const facets = ['status', 'app_id', 'missing', 'attributes'].map((facet) =>
    el('div', {}, el('strong', {}, facet),
      el('ul', {}, ...(aggregations[facet] || []).map((b) => {
        // An attribute comes as "key=value" and is refined as attributes.key:"value".
        const [field, value] = facet === 'attributes'
          ? ['attributes.' + b.key.slice(0, b.key.indexOf('=')), b.key.slice(b.key.indexOf('=') + 1)]
          : [facet, b.key];
        const link = el('a', { 'data-field': field, 'data-value': value }, `${facet === 'attributes' ? b.key : value} (${b.count})`);
        link.addEventListener('click', () => refine(field, value));
        return el('li', {}, link);
      }))));
  $('#facets').replaceChildren(...facets);
}

function refine(field, value) {
  const clause = `${field}:"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
  $('#q').value = $('#q').value.trim() ? `(${$('#q').value.trim()}) AND ${clause}` : clause;
  search();
}

function upsertRow(document, live) {
  const id = document.id || document.app_id + '/' + document.message_id;
  const key = document.app_id + '/' + document.message_id;
  const row = el('tr', { 'data-message-id': document.message_id, 'data-app-id': document.app_id },
    el('td', { class: 'status ' + document.status }, document.status),
    el('td', {}, document.message_id),
    el('td', {}, document.app_id),
    el('td', { class: 'missing' }, (document.missing || []).join(', ')),
    el('td', {}, String(document.event_count ?? '')),
    el('td', {}, time(document.first_seen)),
    el('td', {}, time(document.last_seen)));
  row.addEventListener('click', () => openMessage(document.app_id, document.message_id));
  if (state.selected === key) row.classList.add('selected');
  const existing = state.rows.get(key);
  if (existing) {
    existing.replaceWith(row);
  } else if (live) {
    $('#results tbody').prepend(row);
  } else {
    $('#results tbody').append(row);
  }
  if (live) row.classList.add('flash');
  state.rows.set(key, row);
  // A live list keeps the newest rows only: a tab left open must not grow without end.
  while (live && state.rows.size > MAX_ROWS) {
    const [oldestKey, oldest] = state.rows.entries().next().value;
    if (oldestKey === key) break;
    oldest.remove();
    state.rows.delete(oldestKey);
  }
  return id;
}

async function openMessage(appId, messageId) {
  state.selected = appId + '/' + messageId;
  for (const row of state.rows.values()) row.classList.toggle('selected', row.dataset.messageId === messageId && row.dataset.appId === appId);
  $('#detail').hidden = false;
  $('#detail-title').textContent = messageId;
  if (subscriptions.detail) subscriptions.detail.unsubscribe();
  subscriptions.detail = null;
  // Subscribe first, then read: a change in between arrives as a frame, not lost.
  if (stomp.connected) {
    subscriptions.detail = stomp.subscribe('/topic/messages.' + messageId, (frame) => {
      const document = JSON.parse(frame.body);
      if (document.app_id === appId) drawDetail(document);
    });
  }
  try {
    drawDetail(await api('/api/messages/' + encodeURIComponent(messageId) + '?app_id=' + encodeURIComponent(appId)));
  } catch (e) {
    showError(e.message);
  }
}

async function openLinkedMessage(messageId) {
  try {
    const document = await api('/api/messages/' + encodeURIComponent(messageId));
    openMessage(document.app_id, document.message_id);
  } catch (e) {
    showError('No message ' + messageId + ' found. (' + e.message + ')');
  }
}

function drawDetail(document) {
  const key = document.app_id + '/' + document.message_id;
  if (key !== state.selected) return;
  const shown = $('#timeline').dataset.updatedAt;
  if (shown && $('#timeline').dataset.key === key && Date.parse(shown) > Date.parse(document.updated_at)) return; // an older version
  $('#timeline').dataset.updatedAt = document.updated_at;
  $('#timeline').dataset.key = key;
  $('#detail-title').textContent = `${document.message_id} (${document.app_id})`;
  const missing = document.missing || [];
  $('#detail-status').replaceChildren(
    el('span', { class: 'status ' + document.status }, document.status),
    document.stuck_since ? ` since ${time(document.stuck_since)}` : '',
    missing.length ? ` · missing ${missing.join(', ')}` : '',
    (document.out_of_order || []).length ? ` · out of order ${document.out_of_order.join(', ')}` : '');
  const durations = document.stage_durations_ms || {};
  const items = (document.events || []).map((e) =>
    el('li', { 'data-event': e.event }, `${time(e.created_at)}  ${e.event}`,
      durations[e.event] !== undefined ? `  +${durations[e.event]} ms` : ''));
  for (const stage of missing) items.push(el('li', { class: 'missing' }, `never arrived: ${stage}`));
  $('#timeline').replaceChildren(...items);
  if (state.rows.has(key)) upsertRow(document, false);
}

function followLive() {
  if (subscriptions.live) subscriptions.live.unsubscribe();
  subscriptions.live = null;
  if (!$('#live').checked || !stomp.connected) return;
  const headers = state.query ? { query: state.query } : {};
  subscriptions.live = stomp.subscribe('/topic/messages', (frame) => {
    upsertRow(JSON.parse(frame.body), true);
  }, headers);
}

function addAlert(alert, live) {
  const item = el('li', { class: alert.to },
    `${time(alert.at)} ${alert.app_id}/${alert.message_id}: ${alert.from} → ${alert.to}`,
    (alert.missing || []).length ? ` (missing ${alert.missing.join(', ')})` : '');
  item.addEventListener('click', () => openMessage(alert.app_id, alert.message_id));
  if (live) $('#alerts').prepend(item); else $('#alerts').append(item);
  while ($('#alerts').children.length > 200) $('#alerts').lastChild.remove();
}

function drawStats(stats) {
  const latency = stats.end_to_end_latency_ms || {};
  const figures = {
    'events accepted/s': stats.events_accepted_per_s == null ? '–' : Math.round(stats.events_accepted_per_s),
    'job lag (events)': stats.consumer_lag ?? '–',
    'documents written/s': stats.documents_written_per_s == null ? '–' : Math.round(stats.documents_written_per_s),
    'latency p50 / p99 (ms)': `${latency.p50 ?? '–'} / ${latency.p99 ?? '–'}`,
    'stuck messages': stats.stuck ?? '–',
    'Kafka': stats.kafka || '–',
  };
  $('#health').replaceChildren(...Object.entries(figures).flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, String(v))]));
}

const stomp = new StompJs.Client({
  brokerURL: (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws',
  reconnectDelay: 2000,
});
stomp.onConnect = () => {
  $('#connection').textContent = 'live';
  $('#connection').className = 'up';
  stomp.subscribe('/topic/alerts', (frame) => addAlert(JSON.parse(frame.body), true));
  stomp.subscribe('/topic/stats', (frame) => drawStats(JSON.parse(frame.body)));
  followLive();
  if (state.selected) {
    const [appId, ...rest] = state.selected.split('/');
    openMessage(appId, rest.join('/'));
  }
};
stomp.onWebSocketClose = () => {
  $('#connection').textContent = 'reconnecting…';
  $('#connection').className = 'down';
};
stomp.onStompError = (frame) => showError('Live feed: ' + (frame.headers.message || 'error'));

$('#search').addEventListener('submit', search);
$('#more').addEventListener('click', more);
$('#live').addEventListener('change', followLive);
const initial = new URLSearchParams(location.search);
if (initial.has('q')) $('#q').value = initial.get('q');
if (initial.has('range')) $('#range').value = initial.get('range');
// A link to one message (/messages/<id>, Mars's /search/event?message_id=<id>): its live timeline,
// and a search for it over all time.
const linked = location.pathname.startsWith('/messages/')
  ? decodeURIComponent(location.pathname.slice('/messages/'.length))
  : (location.pathname === '/search/event' ? initial.get('message_id') : null);
if (linked) {
  $('#q').value = 'message_id:"' + linked.replaceAll('\\', '\\\\').replaceAll('"', '\\"') + '"';
  $('#range').value = '';
  openLinkedMessage(linked);
}
api('/api/me').then((me) => {
  if (!me.access_control) return;
  $('#viewer-name').textContent = me.name + ' (' + me.apps.join(', ') + ')';
  $('#viewer').hidden = false;
}).catch(() => {});
api('/api/alerts').then((alerts) => alerts.forEach((a) => addAlert(a, false))).catch(() => {});
stomp.activate();
search();
