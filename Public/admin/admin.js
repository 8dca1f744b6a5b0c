// Bourse admin console: monitoring, market control, users, broadcast, logs, alerts, scheduler,
// analytics. Sections whose API is not on this server yet (404) say so instead of breaking.
// Every change asks for confirmation first; all data reaches the DOM as text.

import { Api, Dec, config, fmtDec, fmtMoney, fmtTime, fmtDateTime } from "/shared/api.js";
import { BourseSocket, bindStatus } from "/shared/ws.js";
import { CandleChart } from "/shared/chart.js";
import { el, setChildren, stateBox, stateRow, errorState, toast, confirmDialog, initTheme, showFieldErrors, showApiError, debounce, ago } from "/shared/ui.js";

const api = new Api("admin");
const $ = (id) => document.getElementById(id);
const REFRESH_MS = 30000;

const state = {
  user: null, section: null, sockets: [], timers: [],
  control: [], selected: localStorage.getItem("bourse.admin.symbol") || "BTCUSD",
  instruments: new Map(), quotes: new Map(), users: [],
  tradesPerMinute: new Map(), ordersSamples: [], lastRefresh: null, alertsAvailable: true,
};
let chart = null;

initTheme($("theme-toggle"), () => chart?.themeChanged());
api.addEventListener("logout", (e) => showAuth(e.detail?.reason ? `Signed out: ${e.detail.reason}` : ""));

if (api.loggedIn) start().catch((e) => showAuth(e.reason || ""));
else showAuth();

// ------------------------------------------------------------------------------------------------
// Auth

function showAuth(notice = "") {
  stopLive();
  $("console").hidden = true;
  $("sockets").hidden = true;
  $("user-menu").hidden = true;
  $("refresh-btn").hidden = true;
  $("auth-view").hidden = false;
  $("auth-notice").textContent = notice;
  $("login-email").focus();
}

$("login-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const form = e.currentTarget;
  const email = form.email.value.trim(), password = form.password.value;
  const missing = {};
  if (!email) missing.email = "Enter your e-mail.";
  if (!password) missing.password = "Enter your password.";
  if (Object.keys(missing).length) return showFieldErrors(form, missing);
  showFieldErrors(form, {});
  $("auth-notice").textContent = "";
  $("login-submit").disabled = true;
  try {
    await api.login(email, password);
    form.reset();
    await start();
  } catch (err) {
    showApiError(form, err, { invalid_credentials: "password" });
  } finally { $("login-submit").disabled = false; }
});

$("logout-btn").addEventListener("click", async () => { await api.logout(); showAuth("You are signed out."); });

async function start() {
  const me = await api.get("/api/auth/me");
  if (me.role !== "admin") {
    await api.logout();
    showAuth(`${me.display_name || me.email} is not an administrator. This console is for administrators only; traders use the trading app.`);
    $("auth-notice").dataset.reason = "not_admin";
    return;
  }
  state.user = me;
  $("user-name").textContent = me.display_name || me.email;
  $("menu-name").textContent = me.display_name || "";
  $("menu-email").textContent = me.email;
  $("auth-view").hidden = true;
  $("console").hidden = false;
  $("sockets").hidden = false;
  $("user-menu").hidden = false;
  $("refresh-btn").hidden = false;
  try {
    const insts = await api.get("/market/instruments");
    state.instruments = new Map(insts.map((i) => [i.symbol, i]));
  } catch { /* market control shows its own error */ }
  startLive();
  route();
}

// ------------------------------------------------------------------------------------------------
// Routing and refresh

const sections = {
  overview: loadOverview, market: loadMarket, users: loadUsers, broadcast: () => {}, logs: loadLogs,
  alerts: loadAlerts, scheduler: loadScheduler, analytics: loadAnalytics,
};

window.addEventListener("hashchange", route);
function route() {
  if (!state.user) return;
  const name = (location.hash.match(/^#\/(\w+)/) || [])[1];
  const section = sections[name] ? name : "overview";
  const changed = section !== state.section;
  state.section = section;
  for (const s of document.querySelectorAll(".section")) s.hidden = s.id !== `sec-${section}`;
  for (const a of document.querySelectorAll(".sidenav a")) {
    if (a.dataset.section === section) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
  }
  if (changed) { document.title = `${document.querySelector(`#sec-${section} .section-title`).textContent} — Bourse admin`; $("content").focus({ preventScroll: true }); }
  refresh();
}

async function refresh() {
  const section = state.section;
  try { await sections[section]?.(); } catch (err) { console.warn(section, err); }
  state.lastRefresh = new Date();
  $("last-refresh").textContent = `updated ${fmtTime(state.lastRefresh.toISOString())}`;
}
$("refresh-btn").addEventListener("click", refresh);

function startLive() {
  stopLive();
  const uid = encodeURIComponent(state.user.id);
  const token = () => api.freshAccessToken();

  const admin = new BourseSocket(`/api/ws/admin/${uid}`, { token });
  bindStatus(admin, $("ws-admin"), "admin feed");
  admin.addEventListener("message", (e) => onAdminMessage(e.detail));
  admin.addEventListener("auth", () => api.refresh());
  admin.addEventListener("status", connectionBanner);

  const market = new BourseSocket("/api/ws/market");
  bindStatus(market, $("ws-market"), "market");
  market.addEventListener("message", (e) => onMarket(e.detail));
  market.addEventListener("reset", () => { if (state.section === "market") loadMarket(); });
  market.addEventListener("status", connectionBanner);

  const alerts = new BourseSocket(`/api/ws/alerts/${uid}`, { token });
  bindStatus(alerts, $("ws-alerts"), "alerts");
  alerts.addEventListener("message", (e) => onAlertMessage(e.detail));
  alerts.addEventListener("auth", () => api.refresh());

  state.sockets = [admin, market, alerts];
  state.sockets.forEach((s) => s.start());
  // Auto-refresh of the visible section every 30 s, on top of the live feeds.
  state.timers.push(setInterval(() => { if (!document.hidden) refresh(); }, REFRESH_MS));
  state.timers.push(setInterval(() => { if (!document.hidden && state.section === "logs" && $("lg-tail").checked) loadLogs(true); }, 3000));
  state.timers.push(setInterval(() => { if (!document.hidden && state.section === "overview") loadWsStats(); }, 5000));
}

function stopLive() {
  state.sockets.forEach((s) => s.stop("logout"));
  state.sockets = [];
  state.timers.forEach(clearInterval);
  state.timers = [];
}

function connectionBanner() {
  const down = state.sockets.filter((s) => s.state === "reconnecting" || s.state === "closed");
  const existing = $("conn-banner");
  if (!down.length) { existing?.remove(); return; }
  const text = `Live feed interrupted — reconnecting (${down.map((s) => s.path.split("/")[3]).join(", ")}). Data shown may be stale.`;
  if (existing) existing.lastChild.textContent = text;
  else $("banners").append(el("div", { class: "banner warning", id: "conn-banner", role: "status" }, el("span", { "aria-hidden": "true" }, "⚠"), el("span", {}, text)));
}

function onAdminMessage(msg) {
  const t = msg.type || "";
  if (t.includes("log") && state.section === "logs" && $("lg-tail").checked) prependLog(msg.data);
  else if (t.includes("alert")) onAlertMessage(msg);
  else if (t.includes("job") && state.section === "scheduler") loadScheduler();
  else if (t.includes("control") && state.section === "market") { loadControl(); loadAudit(); }
}

function onAlertMessage(msg) {
  const d = msg.data || {};
  const level = d.level || d.severity || "warning";
  const text = d.message || d.name || msg.type;
  showAlertBanner(level, text);
  if (state.section === "alerts") loadAlerts();
}

function showAlertBanner(level, text) {
  const b = el("div", { class: `banner ${level === "critical" ? "critical" : "warning"}`, role: "alert" },
    el("strong", {}, level.toUpperCase()), el("span", {}, text), el("span", { class: "spacer", style: "flex:1" }),
    el("a", { href: "#/alerts" }, "View alerts"), el("button", { type: "button", class: "small ghost", "aria-label": "Dismiss", onclick: (e) => e.target.closest(".banner").remove() }, "✕"));
  $("banners").append(b);
  while ($("banners").querySelectorAll('[role="alert"]').length > 3) $("banners").querySelector('[role="alert"]').remove();
}

function onMarket(msg) {
  const d = msg.data || {};
  if (msg.type === "trade") {
    const minute = Math.floor(Date.now() / 60000);
    state.tradesPerMinute.set(minute, (state.tradesPerMinute.get(minute) || 0) + 1);
    for (const k of state.tradesPerMinute.keys()) if (k < minute - 30) state.tradesPerMinute.delete(k);
    if (d.symbol === state.selected && chart) chart.addTrade(d.price, d.qty, d.ts);
  } else if (msg.type === "quote") {
    state.quotes.set(d.symbol, d);
    if (d.symbol === state.selected) $("mc-last").textContent = fmtDec(d.last, state.instruments.get(d.symbol)?.price_decimals);
  } else if (msg.type === "candle") {
    if (d.symbol === state.selected && chart && d.interval === "1m") chart.updateCandle(d);
  } else if (msg.type === "control") {
    // Every control change is announced, whoever made it.
    const who = d.actor ? ` by ${d.actor}` : "";
    toast(`Market control: ${d.action?.replace(/_/g, " ") || "change"}`, `${d.symbol || "all instruments"}${who}`, d.action === "halt" ? "warning" : "info");
    if (state.section === "market") { loadControl(); loadAudit(); }
  }
}

// ------------------------------------------------------------------------------------------------
// Generic rendering helpers

function kv(obj, skip = []) {
  const dl = el("dl", { class: "kv" });
  for (const [k, v] of Object.entries(obj || {})) {
    if (skip.includes(k)) continue;
    const val = v !== null && typeof v === "object" ? JSON.stringify(v) : String(v);
    dl.append(el("dt", {}, k.replace(/_/g, " ")), el("dd", {}, val));
  }
  return dl;
}

function table(headers, rows, emptyText, attrs = {}) {
  return el("table", attrs, el("thead", {}, el("tr", {}, headers.map((h) => el("th", { class: h.endsWith(" ") ? "num" : "" }, h.trim())))),
    el("tbody", {}, rows.length ? rows : stateRow(headers.length, "empty", emptyText)));
}

async function section(target, loader, what) {
  const node = typeof target === "string" ? $(target) : target;
  if (!node.childElementCount || node.querySelector(".state.error, .state.unavailable")) setChildren(node, stateBox("loading", "Loading…"));
  try {
    await loader(node);
  } catch (err) {
    setChildren(node, errorState(err, what));
  }
}

function asList(data, ...keys) {
  if (Array.isArray(data)) return data;
  for (const k of keys) if (Array.isArray(data?.[k])) return data[k];
  return [];
}

function duration(s) {
  s = Number(s);
  if (!isFinite(s)) return "—";
  if (s < 60) return `${s.toFixed(0)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86400) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86400).toFixed(1)} d`;
}

// ------------------------------------------------------------------------------------------------
// Overview: services, host metrics, WebSocket stats, DB, Redis

async function loadOverview() {
  await Promise.all([
    section("service-cards", async (node) => {
      const data = await api.get("/api/monitoring/health/summary");
      const services = asList(data, "services");
      const entries = services.length ? services : Object.entries(data?.services || data || {}).map(([name, v]) => ({ name, ...(typeof v === "object" ? v : { status: v }) }));
      setChildren(node, entries.length ? entries.map((s) => el("div", { class: `card ${s.status === "up" ? "up" : s.status === "down" ? "down" : "degraded"}` },
        el("div", { class: "title" }, el("span", {}, s.name || s.service || "service", s.service === "backend" && s.instance ? el("span", { class: "muted small mono" }, ` ${s.instance}`) : null), el("span", { class: `badge ${s.status}` }, s.status || "?")),
        el("div", { class: "sub" }, `response ${s.response_ms === undefined || s.response_ms === null ? "—" : Number(s.response_ms).toFixed(2)} ms · uptime ${duration(s.uptime_s)}`),
        s.cpu_percent !== undefined ? el("div", { class: "sub" }, `CPU ${s.cpu_percent}% · memory ${s.memory_mb ?? s.rss_mb ?? "—"} MB`) : null,
        el("div", { class: "sub" }, `checked ${s.checked_at ? ago(s.checked_at) : "—"}`))) : stateBox("empty", "No services reported."));
    }, "The service health monitor"),
    section("host-metrics", async (node) => {
      const m = await api.get("/api/monitoring/metrics");
      const h = m.host, p = m.process;
      $("metrics-at").textContent = h?.taken_at ? `at ${fmtTime(h.taken_at)}` : "";
      if (!h) { setChildren(node, stateBox("empty", "No sample yet: the first health check runs within 30 s.")); return; }
      const pct = (v) => (v === undefined || v === null ? "—" : `${Number(v).toFixed(1)} %`);
      const mb = (v) => (v === undefined || v === null ? "—" : `${(Number(v) / 1048576).toFixed(0)} MB`);
      const rate = (v) => (v === undefined || v === null ? "—" : `${(Number(v) / 1024).toFixed(1)} KiB/s`);
      const cores = (h.cpu_cores_percent || []).map((c, i) => `core ${i}: ${Number(c).toFixed(0)} %`).join(" · ");
      const cpuClass = (v) => (v > 90 ? "down" : v > 70 ? "degraded" : "up");
      setChildren(node, el("div", { class: "cards" },
        card("Host CPU", pct(h.cpu_percent), cores, cpuClass(h.cpu_percent)),
        card("Memory used", pct(h.memory?.used_percent), `${mb(h.memory?.available_bytes)} available of ${mb(h.memory?.total_bytes)}`),
        card("Disk free", pct(h.disk?.free_percent), `data dir ${h.disk?.path || ""}`, h.disk?.free_percent < 10 ? "down" : "up"),
        card("Network", `${rate(h.network?.in_bytes_per_s)} in`, `${rate(h.network?.out_bytes_per_s)} out · load ${h.load_average?.one ?? "—"} / ${h.load_average?.five ?? "—"} / ${h.load_average?.fifteen ?? "—"}`),
        ...(m.processes?.length ? m.processes : p ? [p] : []).map((q) => card(`Process ${q.service || "bourse"} · ${q.instance || ""}`, pct(q.cpu_percent),
          `${mb(q.rss_bytes)} RSS · ${q.threads ?? "—"} threads · up ${duration(q.uptime_s)}`, cpuClass(q.cpu_percent)))));
    }, "Host metrics"),
    section("db-health", async (node) => setChildren(node, kv(await api.get("/api/monitoring/db/health"))), "Database health"),
    section("redis-health", async (node) => setChildren(node, kv(await api.get("/api/monitoring/redis/health"))), "Redis health"),
    loadWsStats(),
  ]);
}

async function loadWsStats() {
  await section("ws-stats", async (node) => {
    const s = await api.get("/api/ws/stats");
    const per = Object.entries(s.connections_per_channel || {});
    const kinds = Object.entries(s.connections_per_kind || {});
    setChildren(node,
      el("div", { class: "cards" },
        card("Connections", s.connections, `${s.connections_opened_total ?? "—"} opened in total`),
        card("Messages out / s", s.messages_out_per_second, `${s.messages_out_total ?? "—"} total`),
        card("Messages in / s", s.messages_in_per_second, `${s.messages_in_total ?? "—"} total`),
        card("Dropped", s.dropped, `${s.lagging_disconnects ?? 0} lagging disconnects · ${s.rate_limited_disconnects ?? 0} rate limited`, s.dropped > 0 ? "degraded" : "up")),
      el("p", { class: "hint" }, `Connection durations: p50 ${duration(s.connection_durations?.p50_seconds)}, p95 ${duration(s.connection_durations?.p95_seconds)}, max ${duration(s.connection_durations?.max_seconds)} · bad frames ${s.bad_frames ?? 0}`),
      table(["Kind", "Channel", "Connections "], [...kinds.map(([k, v]) => [k, "all of this kind", v]), ...per.map(([k, v]) => ["", k, v])]
        .map(([kind, ch, v]) => el("tr", {}, el("td", {}, kind), el("td", { class: kind ? "muted" : "" }, ch), el("td", { class: "num" }, String(v)))), "No connected clients."));
  }, "WebSocket stats");
}

function card(title, big, sub, cls = "") {
  return el("div", { class: `card ${cls}` }, el("div", { class: "title" }, title), el("div", { class: "big" }, big === undefined || big === null ? "—" : String(big)), sub ? el("div", { class: "sub" }, sub) : null);
}

// ------------------------------------------------------------------------------------------------
// Market control

const PARAMS = [
  { key: "volatility", label: "Volatility (annualised)", min: 0, max: 3, step: 0.01 },
  { key: "drift", label: "Drift (annualised)", min: -2, max: 2, step: 0.01 },
  { key: "spread_bps", label: "Spread (bps)", min: 0, max: 500, step: 1 },
  { key: "liquidity", label: "Liquidity", min: 0, max: 5, step: 0.05 },
  { key: "jump_intensity", label: "Jump intensity", min: 0, max: 2000, step: 10 },
  { key: "jump_mean", label: "Jump mean", min: -0.2, max: 0.2, step: 0.005 },
  { key: "jump_stdev", label: "Jump stdev", min: 0, max: 0.2, step: 0.005 },
  { key: "mean_reversion", label: "Mean reversion", min: 0, max: 10, step: 0.1 },
];

function buildParamInputs() {
  const host = $("sc-params");
  if (host.childElementCount) return;
  for (const p of PARAMS) {
    const text = el("input", { type: "text", id: `sc-${p.key}`, name: p.key, inputmode: "decimal", "aria-describedby": `sc-${p.key}-now sc-${p.key}-err` });
    const range = el("input", { type: "range", min: p.min, max: p.max, step: p.step, "aria-label": `${p.label} slider`, tabindex: -1 });
    range.addEventListener("input", () => { text.value = range.value; markChanged(); });
    text.addEventListener("input", () => { if (text.value !== "" && isFinite(Number(text.value))) range.value = text.value; markChanged(); });
    host.append(el("div", { class: "param", "data-param": p.key },
      el("label", { for: `sc-${p.key}` }, p.label),
      el("div", { class: "line" }, range, text),
      el("span", { class: "now", id: `sc-${p.key}-now` }, ""),
      el("p", { class: "field-error", id: `sc-${p.key}-err`, "data-error-for": p.key })));
  }
}

function markChanged() {
  const sc = state.control.find((c) => c.symbol === state.selected);
  for (const p of PARAMS) {
    const input = $(`sc-${p.key}`);
    const before = sc?.parameters?.[p.key];
    input.closest(".param").classList.toggle("changed", before !== undefined && !sameNumber(input.value, before));
  }
}

function sameNumber(a, b) {
  const x = Dec.parse(a), y = Dec.parse(b);
  return x && y ? x.cmp(y) === 0 : String(a) === String(b);
}

async function loadMarket() {
  buildParamInputs();
  if (!chart) {
    chart = new CandleChart($("mc-chart"));
    chart.setIndicators({ sma: 20 });
  }
  await Promise.all([loadControl(), loadAudit()]);
}

async function loadControl() {
  try {
    state.control = await api.get("/market/control");
  } catch (err) {
    setChildren($("control-body"), el("tr", {}, el("td", { colspan: 4 }, errorState(err, "Market control"))));
    return;
  }
  if (!state.control.some((c) => c.symbol === state.selected) && state.control[0]) state.selected = state.control[0].symbol;
  const rows = state.control.map((c) => {
    const tr = el("tr", { "data-symbol": c.symbol, tabindex: 0, class: c.symbol === state.selected ? "selected" : "" },
      el("td", {}, el("strong", {}, c.symbol)), el("td", {}, c.preset || "custom"),
      el("td", {}, el("span", { class: `badge ${c.halted ? "halted" : "open"}` }, c.halted ? "halted" : "open"), c.ramp_ends_at ? el("span", { class: "badge info", title: `ramping until ${c.ramp_ends_at}` }, "ramp") : null, c.events?.length ? el("span", { class: "badge warning", title: JSON.stringify(c.events) }, `${c.events.length} event`) : null),
      el("td", { class: "num" }, c.fair_value ? fmtDec(c.fair_value, state.instruments.get(c.symbol)?.price_decimals ?? 2) : "—"));
    tr.addEventListener("click", () => selectInstrument(c.symbol));
    tr.addEventListener("keydown", (e) => { if (e.key === "Enter") selectInstrument(c.symbol); });
    return tr;
  });
  setChildren($("control-body"), rows.length ? rows : stateRow(4, "empty", "No instruments."));
  fillScenarioForm(false);
}

function selectInstrument(sym) {
  const changed = sym !== state.selected;
  state.selected = sym;
  localStorage.setItem("bourse.admin.symbol", sym);
  for (const tr of document.querySelectorAll("#control-body tr")) tr.classList.toggle("selected", tr.dataset.symbol === sym);
  fillScenarioForm(true);
  if (changed || !chart.candles.length) loadChart();
  if ($("audit-only-symbol").checked) loadAudit();
}

function fillScenarioForm(force) {
  const sc = state.control.find((c) => c.symbol === state.selected);
  $("mc-symbol").textContent = state.selected;
  $("mc-chart-title").textContent = `${state.selected} · 1m · live`;
  $("mc-halted").hidden = !sc?.halted;
  chart?.setOverlay(sc?.halted ? "HALTED" : "");
  if (!sc) return;
  const form = $("scenario-form");
  const dirty = [...form.querySelectorAll(".param.changed")].length > 0 || form.preset.value;
  for (const p of PARAMS) {
    const input = $(`sc-${p.key}`);
    $(`sc-${p.key}-now`).textContent = `now ${sc.current?.[p.key] ?? "—"} → target ${sc.parameters?.[p.key] ?? "—"}`;
    if (force || !dirty) { input.value = sc.parameters?.[p.key] ?? ""; input.previousElementSibling.value = input.value; }
  }
  if (force) { form.preset.value = ""; form.ramp_seconds.value = "0"; showFieldErrors(form, {}); }
  markChanged();
  if (!chart?.candles.length) loadChart();
}

async function loadChart() {
  const sym = state.selected;
  const dp = state.instruments.get(sym)?.price_decimals ?? 2;
  try {
    const candles = await api.get(`/market/${encodeURIComponent(sym)}/candles`, { interval: "1m", limit: 240 });
    if (sym === state.selected) chart.setData(candles, "1m", dp);
    const q = await api.get(`/market/quotes/${encodeURIComponent(sym)}`);
    $("mc-last").textContent = fmtDec(q.last, dp);
  } catch (err) { chart.setOverlay(`Cannot load chart: ${err.reason}`); }
}

$("sc-revert").addEventListener("click", () => fillScenarioForm(true));

$("scenario-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const form = e.currentTarget;
  const sc = state.control.find((c) => c.symbol === state.selected);
  const body = {};
  if (form.preset.value) body.preset = form.preset.value;
  for (const p of PARAMS) {
    const v = form[p.key].value.trim();
    if (v !== "" && !sameNumber(v, sc?.parameters?.[p.key])) body[p.key] = v;
  }
  const ramp = form.ramp_seconds.value.trim();
  if (!body.preset && Object.keys(body).length === 0) return showFieldErrors(form, {}, "Nothing to change: pick a preset or edit a parameter.");
  if (ramp && ramp !== "0") body.ramp_seconds = ramp;
  showFieldErrors(form, {});
  const before = {};
  for (const k of Object.keys(body)) if (k !== "ramp_seconds") before[k] = k === "preset" ? sc?.preset : sc?.parameters?.[k];
  const ok = await confirmDialog({
    title: `Change the scenario of ${state.selected}?`,
    message: `This changes the simulated market for every user${body.ramp_seconds ? `, ramped over ${body.ramp_seconds} s` : ", immediately"}. It is audited and announced.`,
    details: Object.keys(before).map((k) => `${k}: ${before[k] ?? "—"} → ${body[k]}`).join("\n"),
    confirmLabel: "Apply change",
  });
  if (!ok) return;
  try {
    await api.put(`/market/control/${encodeURIComponent(state.selected)}`, body);
    toast(`${state.selected} scenario changed`, Object.keys(before).join(", "), "success");
    form.preset.value = "";
    await Promise.all([loadControl(), loadAudit()]);
    fillScenarioForm(true);
  } catch (err) { showApiError(form, err); }
});

$("event-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const form = e.currentTarget;
  const body = { type: form.type.value, magnitude_pct: form.magnitude_pct.value.trim(), duration_seconds: form.duration_seconds.value.trim() };
  if (form.at.value.trim()) body.at = form.at.value.trim();
  const missing = {};
  if (!body.magnitude_pct) missing.magnitude_pct = "Enter a magnitude, e.g. -10 for a 10% fall.";
  if (!body.duration_seconds) missing.duration_seconds = "Enter a duration in seconds.";
  if (Object.keys(missing).length) return showFieldErrors(form, missing);
  showFieldErrors(form, {});
  const ok = await confirmDialog({ title: `Schedule a ${body.type} on ${state.selected}?`, message: `${body.magnitude_pct}% over ${body.duration_seconds} s, ${body.at ? `at ${body.at}` : "starting now"}. Every user sees it.`, details: body, confirmLabel: "Schedule event" });
  if (!ok) return;
  try {
    await api.post(`/market/control/${encodeURIComponent(state.selected)}/events`, body);
    toast(`${body.type} scheduled on ${state.selected}`, `${body.magnitude_pct}% over ${body.duration_seconds} s`, "success");
    form.reset();
    loadControl(); loadAudit();
  } catch (err) { showApiError(form, err); }
});

async function haltResume(action, symbol) {
  const target = symbol || "every instrument";
  const ok = await confirmDialog({
    title: `${action === "halt" ? "Halt" : "Resume"} ${target}?`,
    message: action === "halt" ? "No matching and no trades until resumed. Traders see the instrument halted." : "Matching and trading start again.",
    confirmLabel: action === "halt" ? `Halt ${symbol || "all"}` : `Resume ${symbol || "all"}`, danger: action === "halt",
  });
  if (!ok) return;
  try {
    await api.post(`/market/control/${action}`, symbol ? { symbol } : {});
    toast(`${target} ${action === "halt" ? "halted" : "resumed"}`, "", action === "halt" ? "warning" : "success");
    await Promise.all([loadControl(), loadAudit()]);
  } catch (err) { toast(`Could not ${action} ${target}`, err.reason, "error"); }
}
$("halt-one").addEventListener("click", () => haltResume("halt", state.selected));
$("resume-one").addEventListener("click", () => haltResume("resume", state.selected));
$("halt-all").addEventListener("click", () => haltResume("halt", null));
$("resume-all").addEventListener("click", () => haltResume("resume", null));
$("audit-only-symbol").addEventListener("change", () => loadAudit());

/** What changed between two audit snapshots, as "key: before → after" lines. */
function diffLines(before, after, prefix = "") {
  const lines = [];
  const keys = new Set([...Object.keys(before || {}), ...Object.keys(after || {})]);
  for (const k of keys) {
    const b = before?.[k], a = after?.[k];
    if (b && a && typeof b === "object" && typeof a === "object" && !Array.isArray(a)) lines.push(...diffLines(b, a, `${prefix}${k}.`));
    else if (JSON.stringify(b) !== JSON.stringify(a)) lines.push([`${prefix}${k}`, b, a]);
  }
  return lines;
}

async function loadAudit() {
  const query = { limit: 100 };
  if ($("audit-only-symbol").checked) query.symbol = state.selected;
  try {
    const entries = await api.get("/market/control/audit", query);
    setChildren($("audit-body"), entries.length ? entries.map((a) => {
      const lines = diffLines(a.before, a.after).filter(([k]) => !k.startsWith("current."));
      const diff = el("div", { class: "diff" }, lines.slice(0, 12).map(([k, b, v]) => el("div", {}, `${k}: `, el("span", { class: "from" }, fmtVal(b)), " → ", el("span", { class: "to" }, fmtVal(v)))));
      return el("tr", { "data-audit-id": a.id }, el("td", { class: "muted" }, fmtDateTime(a.created_at)), el("td", {}, a.actor || "—"), el("td", {}, a.symbol || "all"),
        el("td", {}, el("span", { class: "badge" }, (a.action || "").replace(/_/g, " "))), el("td", {}, diff));
    }) : stateRow(5, "empty", "No control changes yet."));
  } catch (err) {
    setChildren($("audit-body"), el("tr", {}, el("td", { colspan: 5 }, errorState(err, "The audit log"))));
  }
}

function fmtVal(v) {
  if (v === undefined) return "—";
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

// ------------------------------------------------------------------------------------------------
// Users and accounts

async function loadUsers() {
  const body = $("users-body");
  if (!state.users.length) setChildren(body, stateRow(6, "loading", "Loading users…"));
  try {
    state.users = await api.get("/api/admin/users", { limit: 500 });
    renderUsers();
  } catch (err) {
    setChildren(body, el("tr", {}, el("td", { colspan: 6 }, errorState(err, "User management"))));
  }
}

$("users-filter").addEventListener("input", debounce(renderUsers, 150));

function renderUsers() {
  const f = $("users-filter").value.trim().toLowerCase();
  const users = state.users.filter((u) => !f || (u.email || "").toLowerCase().includes(f) || (u.display_name || "").toLowerCase().includes(f));
  setChildren($("users-body"), users.length ? users.map((u) => {
    const self = u.id === state.user.id;
    const role = el("select", { "aria-label": `Role of ${u.email}`, disabled: self, "data-role-for": u.id },
      el("option", { value: "trader" }, "trader"), el("option", { value: "admin" }, "admin"));
    role.value = u.role;
    role.addEventListener("change", () => changeUser(u, { role: role.value }, () => { role.value = u.role; }));
    const toggle = el("button", { type: "button", class: `small ${u.disabled ? "" : "danger"}`, disabled: self, "data-disable-for": u.id }, u.disabled ? "Enable" : "Disable");
    toggle.addEventListener("click", () => changeUser(u, { disabled: !u.disabled }));
    const deposit = el("button", { type: "button", class: "small primary", "data-deposit-for": u.id }, "Deposit…");
    deposit.addEventListener("click", () => depositDialog(u));
    return el("tr", { "data-user-id": u.id },
      el("td", { class: "user-display-name" }, u.display_name || "—"), el("td", {}, u.email), el("td", {}, role),
      el("td", {}, el("span", { class: `badge ${u.disabled ? "halted" : "open"}` }, u.disabled ? "disabled" : "active")),
      el("td", { class: "muted" }, fmtDateTime(u.created_at)), el("td", { class: "actions" }, deposit, " ", toggle));
  }) : stateRow(6, "empty", f ? "No user matches the filter." : "No users yet."));
}

async function changeUser(u, patch, revert) {
  const what = "role" in patch ? `change the role of ${u.email} from ${u.role} to ${patch.role}` : `${patch.disabled ? "disable" : "enable"} ${u.email}`;
  const ok = await confirmDialog({ title: "Confirm user change", message: `Do you want to ${what}?`, details: patch, confirmLabel: "Apply", danger: patch.disabled === true || patch.role === "admin" });
  if (!ok) { revert?.(); return; }
  try {
    await api.patch(`/api/admin/users/${encodeURIComponent(u.id)}`, patch);
    toast("User updated", what, "success");
    loadUsers();
  } catch (err) { revert?.(); toast("Could not update user", err.reason, "error"); }
}

function depositDialog(u) {
  const dlg = el("dialog", { "aria-labelledby": "dep-title", id: "deposit-dialog" });
  const form = el("form", { class: "stack", novalidate: true, method: "dialog" },
    el("div", { class: "dialog-body" },
      el("h3", { id: "dep-title" }, "Deposit virtual funds"),
      el("p", { style: "margin:0" }, "To ", el("strong", {}, u.display_name || u.email), ` (${u.email}). Audited and shown in the user's activity.`),
      el("div", { class: "field" }, el("label", { for: "dep-amount" }, "Amount (USD)"), el("input", { id: "dep-amount", name: "amount", inputmode: "decimal", placeholder: "1000.00", autocomplete: "off" }), el("p", { class: "field-error", "data-error-for": "amount" })),
      el("div", { class: "field" }, el("label", { for: "dep-note" }, "Note (optional)"), el("input", { id: "dep-note", name: "note", maxlength: 200 }), el("p", { class: "field-error", "data-error-for": "note" })),
      el("p", { class: "form-error", role: "alert" })),
    el("div", { class: "dialog-actions" }, el("button", { type: "button", "data-action": "cancel" }, "Cancel"), el("button", { type: "submit", class: "primary", "data-action": "deposit" }, "Review deposit…")));
  dlg.append(form);
  document.body.append(dlg);
  const close = () => { dlg.close(); dlg.remove(); };
  form.querySelector('[data-action="cancel"]').addEventListener("click", close);
  dlg.addEventListener("cancel", (e) => { e.preventDefault(); close(); });
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const amount = form.amount.value.trim();
    const d = Dec.parse(amount);
    if (!d || d.cmp("0") <= 0) return showFieldErrors(form, { amount: "Enter a positive amount, e.g. 1000.00" });
    showFieldErrors(form, {});
    const body = { amount };
    if (form.note.value.trim()) body.note = form.note.value.trim();
    dlg.close();
    const ok = await confirmDialog({ title: `Deposit ${fmtMoney(amount)} USD?`, message: `to ${u.email}`, details: body, confirmLabel: "Deposit" });
    if (!ok) { dlg.showModal(); return; }
    try {
      const acct = await api.post(`/api/admin/accounts/${encodeURIComponent(u.id)}/deposit`, body);
      close();
      toast("Deposit made", `${fmtMoney(amount)} to ${u.email}; cash now ${fmtMoney(acct?.cash)}`, "success");
    } catch (err) { dlg.showModal(); showApiError(form, err); }
  });
  dlg.showModal();
  form.amount.focus();
}

// ------------------------------------------------------------------------------------------------
// Broadcast

$("broadcast-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const form = e.currentTarget;
  const body = { message: form.message.value.trim(), level: form.level.value };
  if (!body.message) return showFieldErrors(form, { message: "Write a message." });
  showFieldErrors(form, {});
  const ok = await confirmDialog({ title: "Send this broadcast to every connected user?", details: `[${body.level}] ${body.message}`, confirmLabel: "Send broadcast" });
  if (!ok) return;
  try {
    await api.post("/api/ws/push/broadcast", body);
    toast("Broadcast sent", body.message, "success");
    $("bc-sent").prepend(el("div", { class: "note" }, el("span", { class: "muted" }, `${fmtTime(new Date().toISOString())} [${body.level}] `), body.message));
    form.reset();
  } catch (err) { showApiError(form, err); }
});

// ------------------------------------------------------------------------------------------------
// Logs

let logsKey = "";
async function loadLogs(tail = false) {
  const form = $("logs-form");
  const query = { limit: 200, service: form.service.value.trim(), level: form.level.value, q: form.q.value.trim() };
  const key = JSON.stringify(query);
  const body = $("logs-body");
  if (!tail || key !== logsKey) setChildren(body, stateRow(4, "loading", "Loading logs…"));
  logsKey = key;
  try {
    const data = await api.get("/api/monitoring/logs", query);
    if (key !== logsKey) return;
    const entries = asList(data, "entries", "logs", "items");
    setChildren(body, entries.length ? entries.map(logRow) : stateRow(4, "empty", "No log lines match."));
  } catch (err) {
    setChildren(body, el("tr", {}, el("td", { colspan: 4 }, errorState(err, "The log viewer"))));
  }
}

function logRow(l) {
  const level = String(l.level || "info").toLowerCase();
  return el("tr", { class: `lv-${level}` }, el("td", { class: "muted" }, fmtDateTime(l.ts || l.timestamp || l.time)), el("td", {}, level), el("td", {}, l.service || l.label || "—"), el("td", {}, l.message || l.msg || JSON.stringify(l)));
}

function prependLog(l) {
  if (!l) return;
  const form = $("logs-form");
  const level = String(l.level || "").toLowerCase();
  if (form.level.value && level !== form.level.value) return;
  if (form.service.value.trim() && l.service !== form.service.value.trim()) return;
  if (form.q.value.trim() && !String(l.message || "").toLowerCase().includes(form.q.value.trim().toLowerCase())) return;
  const body = $("logs-body");
  body.querySelector(".state-row")?.remove();
  body.prepend(logRow(l));
  while (body.children.length > 500) body.lastChild.remove();
}

$("logs-form").addEventListener("submit", (e) => { e.preventDefault(); loadLogs(); });
$("lg-level").addEventListener("change", () => loadLogs());

// ------------------------------------------------------------------------------------------------
// Alerts

async function loadAlerts() {
  await section("alerts-list", async (node) => {
    const data = await api.get("/api/monitoring/alerts");
    const alerts = asList(data, "alerts", "items");
    const rules = asList(data, "rules");
    const firing = alerts.filter((a) => (a.status || a.state) === "firing").length;
    $("alert-count").hidden = !firing;
    $("alert-count").textContent = String(firing);
    const rows = alerts.map((a) => {
      const st = a.status || a.state || "firing";
      const ack = el("button", { type: "button", class: "small", disabled: st !== "firing" }, "Acknowledge");
      ack.addEventListener("click", () => alertAction(a, "ack"));
      const res = el("button", { type: "button", class: "small primary", disabled: st === "resolved" }, "Resolve");
      res.addEventListener("click", () => alertAction(a, "resolve"));
      return el("tr", {}, el("td", { class: "muted" }, fmtDateTime(a.created_at || a.fired_at || a.at)), el("td", {}, el("span", { class: `badge ${a.level || a.severity}` }, a.level || a.severity || "—")),
        el("td", {}, a.message || a.name || "—"), el("td", { class: "mono muted" }, a.instance || "—"), el("td", {}, st), el("td", {}, ack, " ", res));
    });
    setChildren(node, table(["When", "Level", "Alert", "Seen by", "Status", ""], rows, "No alerts: all quiet."),
      rules.length ? table(["Rule", "Condition", "For", "Severity"], rules.map((r) => el("tr", {}, el("td", {}, r.name), el("td", { class: "mono" }, `${r.metric} ${r.op} ${r.threshold}`), el("td", {}, `${r.for_seconds ?? 0} s`), el("td", {}, r.severity || "—"))), "") : null);
  }, "Alerting");
}

async function alertAction(a, action) {
  const ok = await confirmDialog({ title: `${action === "ack" ? "Acknowledge" : "Resolve"} this alert?`, details: a.message || a.name || a.id, confirmLabel: action === "ack" ? "Acknowledge" : "Resolve" });
  if (!ok) return;
  try { await api.post(`/api/monitoring/alerts/${encodeURIComponent(a.id)}/${action}`); toast(`Alert ${action === "ack" ? "acknowledged" : "resolved"}`, "", "success"); loadAlerts(); }
  catch (err) { toast("Alert action failed", err.reason, "error"); }
}

$("rule-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const f = e.currentTarget;
  const body = { name: f.name.value.trim(), metric: f.metric.value.trim(), op: f.op.value, threshold: f.threshold.value.trim(), for_seconds: Number(f.for_seconds.value || 0), severity: f.severity.value };
  const ok = await confirmDialog({ title: "Create this alert rule?", details: body, confirmLabel: "Create rule" });
  if (!ok) return;
  try { await api.post("/api/monitoring/alerts", body); toast("Rule created", body.name, "success"); f.reset(); loadAlerts(); }
  catch (err) { if (err.status === 404) showFieldErrors(f, {}, "Alerting is not available on this server yet."); else showApiError(f, err); }
});

$("raise-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const f = e.currentTarget;
  const body = { message: f.message.value.trim(), level: f.level.value };
  if (!body.message) return showFieldErrors(f, { message: "Write the alert message." });
  const ok = await confirmDialog({ title: "Raise this alert?", details: body, confirmLabel: "Raise alert", danger: body.level === "critical" });
  if (!ok) return;
  try { await api.post("/api/monitoring/alerts", body); toast("Alert raised", body.message, "warning"); f.reset(); loadAlerts(); }
  catch (err) { if (err.status === 404) showFieldErrors(f, {}, "Alerting is not available on this server yet."); else showApiError(f, err); }
});

// ------------------------------------------------------------------------------------------------
// Scheduler

async function loadScheduler() {
  await section("sched-status", async (node) => {
    const s = await api.get("/api/scheduler/status");
    setChildren(node, el("div", { class: "cards" },
      card("Scheduler", s.running === false ? "stopped" : "running", `instance ${s.instance_id ?? "—"}`, s.running === false ? "down" : "up"),
      card("Leader", s.leader === true ? "this instance" : s.leader || "—", ""),
      card("Jobs", s.jobs ?? s.job_count ?? s.jobs_total ?? "—", s.paused !== undefined ? `${s.paused} paused` : "")));
  }, "The scheduler");
  await section("jobs-list", async (node) => {
    const jobs = asList(await api.get("/api/scheduler/jobs"), "jobs");
    const rows = jobs.map((j) => {
      const id = j.id || j.job_id;
      const pause = el("button", { type: "button", class: "small", "data-job-pause": id, disabled: !!j.protected && !j.paused, title: j.protected ? "Protected job: the platform depends on it, so it cannot be paused" : "" }, j.paused ? "Resume" : "Pause");
      pause.addEventListener("click", () => jobAction(j, j.paused ? "resume" : "pause"));
      const run = el("button", { type: "button", class: "small primary", "data-job-run": id }, "Run now");
      run.addEventListener("click", () => jobAction(j, "run"));
      const hist = el("button", { type: "button", class: "small ghost" }, "History");
      hist.addEventListener("click", () => loadJobDetail(id));
      const last = j.last_run || {};
      const trigger = j.trigger?.cron || j.cron ? `cron ${j.trigger?.cron || j.cron}` : `every ${j.trigger?.interval ?? j.trigger?.interval_seconds ?? j.interval_seconds ?? "?"} s`;
      return el("tr", { "data-job-id": id },
        el("td", {}, el("strong", {}, id), j.protected ? el("span", { class: "badge info", title: "Protected: cannot be paused or deleted" }, " protected") : null, el("div", { class: "muted small" }, j.name || j.task || "")),
        el("td", { class: "mono" }, trigger), el("td", { class: "muted" }, fmtDateTime(j.next_run_at)),
        el("td", {}, last.outcome ? el("span", { class: `badge ${last.outcome === "success" || last.outcome === "ok" ? "ok" : "error"}`, title: last.error || "" }, last.outcome) : "—", last.started_at ? el("div", { class: "muted small" }, ago(last.started_at)) : null),
        el("td", {}, el("span", { class: `badge ${j.paused ? "warning" : "open"}` }, j.paused ? "paused" : "active")),
        el("td", { class: "actions" }, pause, " ", run, " ", hist));
    });
    setChildren(node, table(["Job", "Trigger", "Next run", "Last run", "State", ""], rows, "No jobs."));
  }, "The scheduler");
}

async function jobAction(j, action) {
  const id = j.id || j.job_id;
  const ok = await confirmDialog({ title: `${action === "run" ? "Run" : action === "pause" ? "Pause" : "Resume"} job ${id}?`, message: action === "run" ? "It runs once now, in addition to its schedule." : "", confirmLabel: action === "run" ? "Run now" : action === "pause" ? "Pause job" : "Resume job" });
  if (!ok) return;
  try { await api.post(`/api/scheduler/jobs/${encodeURIComponent(id)}/${action}`); toast(`Job ${id}: ${action} done`, "", "success"); loadScheduler(); }
  catch (err) { toast(`Job ${id}: ${action} refused`, err.reason, "error"); }
}

async function loadJobDetail(id) {
  $("job-detail-panel").hidden = false;
  $("job-detail-id").textContent = id;
  await section("job-detail", async (node) => {
    const j = await api.get(`/api/scheduler/jobs/${encodeURIComponent(id)}`);
    const runs = asList(j.runs || j.history || j.recent_runs || []);
    setChildren(node, table(["Started", "Duration ", "Outcome", "Error"], runs.map((r) => el("tr", {}, el("td", {}, fmtDateTime(r.started_at || r.start)), el("td", { class: "num" }, r.duration_ms !== undefined ? `${r.duration_ms} ms` : r.duration_seconds !== undefined ? `${r.duration_seconds} s` : "—"), el("td", {}, r.outcome || "—"), el("td", { class: "muted" }, r.error || ""))), "No runs yet."));
  }, "Job history");
}

// ------------------------------------------------------------------------------------------------
// Analytics

async function loadAnalytics() {
  const cards = $("analytics-cards");
  const results = await Promise.allSettled([api.get("/market/quotes"), api.get("/api/ws/stats"), api.get("/api/admin/users", { limit: 500 }), fetchOrdersCounter()]);
  const [quotes, ws, users, orders] = results.map((r) => (r.status === "fulfilled" ? r.value : null));
  if (quotes) for (const q of quotes) state.quotes.set(q.symbol, q);
  const ordersPerMin = ordersRate(orders);
  setChildren(cards,
    card("Users", users ? users.length : "—", users ? `${users.filter((u) => u.role === "admin").length} admins · ${users.filter((u) => u.disabled).length} disabled` : "unavailable"),
    card("Connected now", ws ? ws.connections : "—", ws ? Object.entries(ws.connections_per_kind || {}).map(([k, v]) => `${k} ${v}`).join(" · ") || "live sockets" : "unavailable"),
    card("Orders / minute", ordersPerMin === null ? "…" : ordersPerMin.toFixed(1), ordersPerMin === null ? "measuring (next refresh)" : "accepted orders, all users"),
    card("Trades / minute", String(state.tradesPerMinute.get(Math.floor(Date.now() / 60000) - 1) ?? "…"), "last full minute, market feed"));
  drawBars($("volume-chart"), [...state.quotes.values()].map((q) => {
    const v = Dec.parse(q.volume), p = Dec.parse(q.last);
    return [q.symbol, v && p ? v.mul(p).toNumber() : 0];
  }), (v) => fmtMoney(String(Math.round(v))));
  const now = Math.floor(Date.now() / 60000);
  const mins = [];
  for (let m = now - 14; m <= now; m++) mins.push([new Date(m * 60000).toTimeString().slice(0, 5), state.tradesPerMinute.get(m) || 0]);
  drawBars($("tpm-chart"), mins, (v) => String(v));
  await section("reports-list", async (node) => {
    const reports = asList(await api.get("/api/reports"), "reports", "items");
    setChildren(node, table(["Report", "Period", "Created"], reports.map((r) => el("tr", {}, el("td", {}, r.title || r.kind || r.id), el("td", {}, r.period || "—"), el("td", {}, fmtDateTime(r.created_at)))), "No reports yet."));
  }, "Reports");
}

async function fetchOrdersCounter() {
  const res = await fetch(`${config.api}/metrics`);
  if (!res.ok) throw new Error("metrics");
  const text = await res.text();
  let total = 0;
  for (const line of text.split("\n")) {
    if (line.startsWith("bourse_http_requests_total") && line.includes('route="/trading/orders"') && line.includes('method="POST"') && /status="2\d\d"/.test(line)) total += Number(line.split(" ").pop());
  }
  return { at: Date.now(), total };
}

function ordersRate(sample) {
  if (!sample) return null;
  state.ordersSamples.push(sample);
  state.ordersSamples = state.ordersSamples.filter((s) => sample.at - s.at < 10 * 60000);
  const first = state.ordersSamples[0];
  if (sample.at - first.at < 5000) return null;
  return ((sample.total - first.total) / (sample.at - first.at)) * 60000;
}

function drawBars(canvas, data, fmt) {
  requestAnimationFrame(() => {
    const dpr = window.devicePixelRatio || 1;
    const w = canvas.clientWidth || 300, h = 220;
    canvas.width = w * dpr; canvas.height = h * dpr; canvas.style.height = h + "px";
    const ctx = canvas.getContext("2d");
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const cs = getComputedStyle(document.documentElement);
    ctx.clearRect(0, 0, w, h);
    ctx.font = "11px system-ui, sans-serif";
    if (!data.length) { ctx.fillStyle = cs.getPropertyValue("--muted"); ctx.fillText("No data yet", 10, 20); return; }
    const max = Math.max(...data.map((d) => d[1]), 1);
    const bw = (w - 20) / data.length;
    data.forEach(([label, v], i) => {
      const bh = (v / max) * (h - 50);
      ctx.fillStyle = cs.getPropertyValue("--accent").trim() || "#2563eb";
      ctx.fillRect(10 + i * bw + bw * 0.15, h - 24 - bh, bw * 0.7, bh);
      ctx.fillStyle = cs.getPropertyValue("--muted").trim() || "#666";
      ctx.textAlign = "center";
      ctx.fillText(label, 10 + i * bw + bw / 2, h - 8);
      if (bw > 40) ctx.fillText(fmt(v), 10 + i * bw + bw / 2, h - 28 - bh);
    });
  });
}
