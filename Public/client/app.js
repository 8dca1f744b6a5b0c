// Bourse trading client: watchlist, live chart, book, trades, order ticket, orders, positions,
// history, notifications. All user-supplied text reaches the DOM through textContent (ui.js `el`).

import { Api, ApiError, Dec, fmtDec, fmtMoney, fmtQty, fmtTime, fmtDateTime, decimalsOf } from "/shared/api.js";
import { BourseSocket, bindStatus } from "/shared/ws.js";
import { CandleChart } from "/shared/chart.js";
import { el, setChildren, stateRow, stateBox, errorState, toast, confirmDialog, initTheme, showFieldErrors, showApiError, debounce } from "/shared/ui.js";

const api = new Api("client");
const $ = (id) => document.getElementById(id);

const state = {
  user: null,
  account: null,
  instruments: new Map(), // symbol -> instrument
  quotes: new Map(),      // symbol -> quote
  halted: new Map(),      // symbol -> bool
  symbol: localStorage.getItem("bourse.client.symbol") || "BTCUSD",
  interval: localStorage.getItem("bourse.client.interval") || "1m",
  openOrders: new Map(),  // id -> order
  positions: [],
  trades: [],
  tab: "open",
  sockets: [],
  timers: [],
};

let chart = null;

// ------------------------------------------------------------------------------------------------
// Boot and auth

initTheme($("theme-toggle"), () => chart?.themeChanged());
api.addEventListener("logout", (e) => showAuth(e.detail?.reason ? `You were logged out: ${e.detail.reason}` : ""));

if (api.loggedIn) start().catch((e) => showAuth(e.reason || ""));
else showAuth();

function showAuth(notice = "") {
  stopLive();
  $("trade-view").hidden = true;
  $("account-stats").hidden = true;
  $("sockets").hidden = true;
  $("user-menu").hidden = true;
  $("auth-view").hidden = false;
  $("auth-notice").textContent = notice;
  (document.querySelector("#login-form:not([hidden]) input") || $("reg-name")).focus();
}

function selectAuthTab(which) {
  const login = which === "login";
  $("tab-login").setAttribute("aria-selected", String(login));
  $("tab-register").setAttribute("aria-selected", String(!login));
  $("login-form").hidden = !login;
  $("register-form").hidden = login;
  (login ? $("login-email") : $("reg-name")).focus();
}
$("tab-login").addEventListener("click", () => selectAuthTab("login"));
$("tab-register").addEventListener("click", () => selectAuthTab("register"));

$("login-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const form = e.currentTarget;
  const email = form.email.value.trim(), password = form.password.value;
  const missing = {};
  if (!email) missing.email = "Enter your e-mail.";
  if (!password) missing.password = "Enter your password.";
  if (Object.keys(missing).length) return showFieldErrors(form, missing);
  showFieldErrors(form, {});
  const btn = $("login-submit");
  btn.disabled = true;
  try {
    await api.login(email, password);
    form.reset();
    await start();
  } catch (err) {
    showApiError(form, err, { invalid_credentials: "password" });
  } finally { btn.disabled = false; }
});

$("register-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const form = e.currentTarget;
  const body = { email: form.email.value.trim(), password: form.password.value };
  const name = form.display_name.value;
  if (name.trim()) body.display_name = name;
  const missing = {};
  if (!body.email) missing.email = "Enter an e-mail address.";
  if (!body.password) missing.password = "Choose a password.";
  if (Object.keys(missing).length) return showFieldErrors(form, missing);
  showFieldErrors(form, {});
  const btn = $("register-submit");
  btn.disabled = true;
  try {
    await api.request("POST", "/api/auth/register", { body, auth: false });
    await api.login(body.email, body.password);
    form.reset();
    toast("Welcome to Bourse", "Your paper account is funded and ready.", "success");
    await start();
  } catch (err) {
    showApiError(form, err);
  } finally { btn.disabled = false; }
});

$("logout-btn").addEventListener("click", async () => {
  await api.logout();
  showAuth("You are logged out.");
});

$("reset-btn").addEventListener("click", async () => {
  $("user-menu").open = false;
  const ok = await confirmDialog({
    title: "Reset your paper account?",
    message: "All open orders are cancelled, every position is closed and your cash goes back to the starting amount. This is recorded in your activity and cannot be undone.",
    confirmLabel: "Reset account", danger: true,
  });
  if (!ok) return;
  try {
    await api.post("/api/account/reset");
    toast("Account reset", "Back to starting cash.", "success");
    refreshAll();
  } catch (err) { toast("Reset failed", err.reason, "error"); }
});

async function start() {
  const me = await api.get("/api/auth/me");
  state.user = me;
  $("user-name").textContent = me.display_name || me.email;
  $("menu-name").textContent = me.display_name || "";
  $("menu-email").textContent = me.email;
  $("auth-view").hidden = true;
  $("trade-view").hidden = false;
  $("account-stats").hidden = false;
  $("sockets").hidden = false;
  $("user-menu").hidden = false;
  if (!chart) {
    chart = new CandleChart($("chart-box"));
    chart.setIndicators({ sma: $("ind-sma").checked ? 20 : null, ema: $("ind-ema").checked ? 50 : null });
  }
  await loadInstruments();
  selectSymbol(state.instruments.has(state.symbol) ? state.symbol : [...state.instruments.keys()][0]);
  refreshAll();
  startLive();
}

// ------------------------------------------------------------------------------------------------
// Live connections

function startLive() {
  stopLive();
  const uid = state.user.id;
  const token = () => api.freshAccessToken();

  const market = new BourseSocket("/api/ws/market");
  bindStatus(market, $("ws-market"), "market");
  market.addEventListener("message", (e) => onMarket(e.detail));
  market.addEventListener("reset", () => { loadQuotes(); loadCandles(); loadTrades(); });
  market.addEventListener("status", (e) => { if (e.detail.state === "open") { loadQuotes(); } connectionBanner(); });

  const trading = new BourseSocket(`/api/ws/trading/${encodeURIComponent(uid)}`, { token });
  bindStatus(trading, $("ws-trading"), "orders");
  trading.addEventListener("message", (e) => onTrading(e.detail));
  trading.addEventListener("reset", () => refreshAll());
  trading.addEventListener("auth", () => api.refresh());
  trading.addEventListener("status", (e) => { if (e.detail.state === "open" && e.detail.attempt === 0) loadOpenOrders(); connectionBanner(); });

  const notes = new BourseSocket(`/api/ws/notifications/${encodeURIComponent(uid)}`, { token });
  bindStatus(notes, $("ws-notes"), "notifications");
  notes.addEventListener("message", (e) => onNotification(e.detail));
  notes.addEventListener("auth", () => api.refresh());
  // Every socket reports its state to the banner: the one that recovers last must clear it.
  notes.addEventListener("status", () => connectionBanner());

  state.sockets = [market, trading, notes];
  state.sockets.forEach((s) => s.start());

  state.timers.push(setInterval(() => { if (!document.hidden) loadBook(); }, 1000));
  state.timers.push(setInterval(() => { if (!document.hidden) { loadAccount(); loadPositions(); } }, 15000));
  state.timers.push(setInterval(() => { if (!document.hidden) loadStatus(); }, 10000));
}

function stopLive() {
  state.sockets.forEach((s) => s.stop("logout"));
  state.sockets = [];
  state.timers.forEach(clearInterval);
  state.timers = [];
}

function connectionBanner() {
  const down = state.sockets.filter((s) => s.state === "reconnecting" || s.state === "closed");
  const host = $("banners");
  const existing = $("conn-banner");
  if (!down.length) { existing?.remove(); return; }
  const text = `Live data interrupted — reconnecting (${down.map((s) => s.path.split("/")[3]).join(", ")}). Prices and orders may be stale.`;
  if (existing) existing.lastChild.textContent = text;
  else host.append(el("div", { class: "banner warning", id: "conn-banner", role: "status" }, el("span", { "aria-hidden": "true" }, "⚠"), el("span", {}, text)));
}

function onMarket(msg) {
  const d = msg.data || {};
  switch (msg.type) {
    case "quote": onQuote(d); break;
    case "trade":
      if (d.symbol === state.symbol) {
        chart.addTrade(d.price, d.qty, d.ts);
        state.trades.unshift(d);
        if (state.trades.length > 60) state.trades.length = 60;
        scheduleRender("trades");
      }
      break;
    case "candle":
      if (d.symbol === state.symbol && d.interval === state.interval) chart.updateCandle(d);
      break;
    case "control": onControl(d); break;
    case "lagging": toast("Market data lagging", "The connection fell behind and will resume.", "warning"); break;
  }
}

function onControl(d) {
  if (d.action === "halt" || d.action === "resume") {
    for (const [sym, halted] of Object.entries(d.state || {})) setHalted(sym, !!halted);
    const which = d.symbol || "All instruments";
    toast(d.action === "halt" ? `${which} halted` : `${which} resumed`, d.action === "halt" ? "Trading is paused by the market operator." : "Trading has resumed.", d.action === "halt" ? "warning" : "info");
  } else if (d.symbol) {
    const preset = d.state?.preset ? ` (${d.state.preset.replace(/_/g, " ")})` : "";
    addNote({ level: "info", title: `Market update: ${d.symbol}`, body: `The operator changed the market scenario${preset}.`, at: d.at });
  }
}

function setHalted(sym, halted) {
  state.halted.set(sym, halted);
  const q = state.quotes.get(sym);
  if (q) q.status = halted ? "halted" : "open";
  renderWatchRow(sym);
  if (sym === state.symbol) renderSymbolHead();
}

function onQuote(q) {
  const prev = state.quotes.get(q.symbol);
  state.quotes.set(q.symbol, q);
  if (q.status) state.halted.set(q.symbol, q.status === "halted");
  renderWatchRow(q.symbol, prev);
  if (q.symbol === state.symbol) { renderSymbolHead(); scheduleRender("preview"); }
  if (state.positions.some((p) => p.symbol === q.symbol)) scheduleRender("positions");
}

function onTrading(msg) {
  if (msg.type !== "trade_update") return;
  const { event, order, fill } = msg.data || {};
  if (order) {
    if (["new", "accepted", "partially_filled", "pending_new", "triggered", "replaced"].includes(order.status) || (!order.closed_at && !["filled", "canceled", "rejected", "expired"].includes(order.status))) {
      state.openOrders.set(order.id, order);
    } else {
      state.openOrders.delete(order.id);
    }
    renderOpenOrders();
  }
  if (event === "fill" && fill) {
    toast(`${fill.side === "buy" ? "Bought" : "Sold"} ${fmtQty(fill.qty)} ${fill.symbol}`, `at ${fmtDec(fill.price)} · fee ${fmtMoney(fill.fee)}`, "success");
  } else if (event === "rejected" || order?.status === "rejected") {
    toast(`Order ${order?.id} rejected`, order?.reason || "", "error");
  } else if (event === "expired") {
    toast(`Order ${order?.id} expired`, "", "info");
  }
  refreshAfterTrade();
}

const refreshAfterTrade = debounce(() => {
  loadAccount(); loadPositions();
  if (state.tab === "history" || state.tab === "fills" || state.tab === "activity") renderTab();
}, 300);

function onNotification(msg) {
  const d = msg.data || {};
  if (msg.type === "broadcast") {
    addNote({ level: d.level || "info", title: "Announcement", body: d.message, at: d.at || msg.ts });
    toast("Announcement", d.message || "", d.level || "info", 10000);
  } else if (msg.type === "notification") {
    addNote({ level: d.level || "info", title: d.title || "Notification", body: d.body, at: d.at || msg.ts });
    toast(d.title || "Notification", d.body || "", d.level || "info");
  } else {
    addNote({ level: d.level || "info", title: d.title || msg.type, body: d.body || d.message || "", at: d.at || msg.ts });
    if (msg.type === "account" || msg.type === "account_event") refreshAll();
  }
}

function addNote({ level, title, body, at }) {
  const host = $("notes-body");
  host.querySelector(".state")?.remove();
  host.prepend(el("div", { class: `note ${level}` }, el("time", { datetime: at || "" }, fmtDateTime(at || new Date().toISOString())), el("strong", {}, title), body ? el("div", {}, body) : null));
  while (host.children.length > 50) host.lastChild.remove();
}
$("notes-clear").addEventListener("click", () => setChildren($("notes-body"), stateBox("empty", "No notifications yet.")));

// Coalesce renders of busy views into one per animation frame.
const pendingRenders = new Set();
function scheduleRender(what) {
  if (pendingRenders.size === 0) requestAnimationFrame(() => {
    const list = [...pendingRenders];
    pendingRenders.clear();
    for (const w of list) ({ trades: renderTrades, positions: renderPositionsIfShown, preview: updatePreview })[w]?.();
  });
  pendingRenders.add(what);
}

// ------------------------------------------------------------------------------------------------
// Market data

async function loadInstruments() {
  try {
    const [instruments, quotes] = await Promise.all([api.get("/market/instruments"), api.get("/market/quotes")]);
    state.instruments = new Map(instruments.map((i) => [i.symbol, i]));
    for (const q of quotes) state.quotes.set(q.symbol, q);
    for (const i of instruments) state.halted.set(i.symbol, i.status === "halted");
    renderWatchlist();
  } catch (err) {
    setChildren($("watch-body"), el("tr", {}, el("td", { colspan: 3 }, errorState(err, "The market"))));
    throw err;
  }
}

async function loadQuotes() {
  try {
    const quotes = await api.get("/market/quotes");
    for (const q of quotes) onQuote(q);
  } catch { /* the watchlist keeps its last values; the socket pill says we're offline */ }
}

async function loadStatus() {
  try {
    const s = await api.get("/market/status");
    $("sim-clock").textContent = s.clock ? `sim ${fmtTime(s.clock)}` : "";
    for (const i of s.instruments || []) if (state.halted.get(i.symbol) !== i.halted) setHalted(i.symbol, i.halted);
  } catch { /* ignore */ }
}

function renderWatchlist() {
  const rows = [...state.instruments.values()].map((i) => {
    const tr = el("tr", { "data-symbol": i.symbol, tabindex: 0, role: "button", "aria-label": `Show ${i.symbol}` },
      el("td", {}, el("span", { class: "sym" }, i.symbol), " ", el("span", { class: "badge halted", hidden: true }, "HALTED"), el("span", { class: "name" }, i.name)),
      el("td", { class: "num last" }, "—"),
      el("td", { class: "num chg" }, "—"));
    tr.addEventListener("click", () => selectSymbol(i.symbol));
    tr.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); selectSymbol(i.symbol); } });
    return tr;
  });
  setChildren($("watch-body"), rows.length ? rows : stateRow(3, "empty", "No instruments."));
  for (const s of state.instruments.keys()) renderWatchRow(s);
}

function renderWatchRow(sym, prev) {
  const tr = document.querySelector(`#watch-body tr[data-symbol="${CSS.escape(sym)}"]`);
  if (!tr) return;
  const q = state.quotes.get(sym);
  const inst = state.instruments.get(sym);
  const dp = inst?.price_decimals ?? 2;
  tr.classList.toggle("selected", sym === state.symbol);
  tr.querySelector(".badge.halted").hidden = !state.halted.get(sym);
  if (!q) return;
  const last = tr.querySelector(".last");
  last.textContent = fmtDec(q.last, dp);
  const chg = tr.querySelector(".chg");
  const pct = Dec.parse(q.change_pct);
  chg.textContent = pct ? pct.format(2, { sign: true }) + "%" : "—";
  chg.className = "num chg " + (pct && !pct.isZero() ? (pct.isNeg() ? "down" : "up") : "");
  if (prev && prev.last !== q.last) {
    const up = Dec.parse(q.last)?.cmp(prev.last) > 0;
    last.classList.remove("flash-up", "flash-down");
    void last.offsetWidth; // restart the animation
    last.classList.add(up ? "flash-up" : "flash-down");
  }
}

function selectSymbol(sym) {
  if (!sym) return;
  state.symbol = sym;
  localStorage.setItem("bourse.client.symbol", sym);
  for (const tr of document.querySelectorAll("#watch-body tr[data-symbol]")) tr.classList.toggle("selected", tr.dataset.symbol === sym);
  const inst = state.instruments.get(sym);
  $("chart-symbol").textContent = sym;
  $("chart-name").textContent = inst?.name || "";
  $("ticket-symbol").textContent = sym;
  $("qty-hint").textContent = inst ? `(lot ${inst.lot_size})` : "";
  $("o-qty").step = inst?.lot_size || "any";
  $("o-limit").step = inst?.tick_size || "any";
  $("o-stop").step = inst?.tick_size || "any";
  document.title = `${sym} — Bourse`;
  state.trades = [];
  renderSymbolHead();
  loadCandles();
  loadTrades();
  loadBook();
  updateTicket();
}

function renderSymbolHead() {
  const sym = state.symbol;
  const q = state.quotes.get(sym);
  const dp = state.instruments.get(sym)?.price_decimals ?? 2;
  $("chart-last").textContent = q ? fmtDec(q.last, dp) : "—";
  $("chart-last").dataset.symbol = sym;
  const ch = $("chart-change");
  if (q) {
    const c = Dec.parse(q.change);
    ch.textContent = `${c ? c.format(dp, { sign: true }) : "—"} (${Dec.parse(q.change_pct)?.format(2, { sign: true }) ?? "—"}%)`;
    ch.className = c && !c.isZero() ? (c.isNeg() ? "down" : "up") : "muted";
  } else ch.textContent = "";
  const halted = !!state.halted.get(sym);
  $("chart-halted").hidden = !halted;
  chart?.setOverlay(halted ? "HALTED" : "");
}

let candleReq = 0;
async function loadCandles() {
  const sym = state.symbol, interval = state.interval, req = ++candleReq;
  const dp = state.instruments.get(sym)?.price_decimals ?? 2;
  chart.setData([], interval, dp);
  chart.setOverlay("Loading…");
  try {
    const candles = await api.get(`/market/${encodeURIComponent(sym)}/candles`, { interval, limit: 300 });
    if (req !== candleReq) return;
    chart.setData(candles, interval, dp);
    renderSymbolHead();
  } catch (err) {
    if (req === candleReq) chart.setOverlay(err.status === 0 ? "Disconnected" : `Cannot load candles: ${err.reason}`);
  }
}

for (const b of document.querySelectorAll("#interval-group button")) {
  b.setAttribute("aria-pressed", String(b.dataset.interval === state.interval));
  b.addEventListener("click", () => {
    state.interval = b.dataset.interval;
    localStorage.setItem("bourse.client.interval", state.interval);
    for (const x of document.querySelectorAll("#interval-group button")) x.setAttribute("aria-pressed", String(x === b));
    loadCandles();
  });
}
$("ind-sma").addEventListener("change", (e) => chart?.setIndicators({ sma: e.target.checked ? 20 : null }));
$("ind-ema").addEventListener("change", (e) => chart?.setIndicators({ ema: e.target.checked ? 50 : null }));

async function loadTrades() {
  const sym = state.symbol;
  try {
    const trades = await api.get(`/market/${encodeURIComponent(sym)}/trades`, { limit: 40 });
    if (sym !== state.symbol) return;
    // Keep prints that arrived over the socket while the request was in flight.
    const seen = new Set(trades.map((t) => t.id));
    state.trades = [...state.trades.filter((t) => !seen.has(t.id)), ...trades].slice(0, 60);
    renderTrades();
  } catch (err) {
    setChildren($("trades-body"), el("tr", {}, el("td", { colspan: 3 }, errorState(err, "Recent trades"))));
  }
}

function renderTrades() {
  const dp = state.instruments.get(state.symbol)?.price_decimals ?? 2;
  const rows = state.trades.slice(0, 40).map((t) => el("tr", {},
    el("td", { class: "muted" }, fmtTime(t.ts)),
    el("td", { class: `num ${t.side === "sell" ? "down" : "up"}` }, fmtDec(t.price, dp)),
    el("td", { class: "num" }, fmtQty(t.qty))));
  setChildren($("trades-body"), rows.length ? rows : stateRow(3, "empty", "No trades yet."));
}

let bookBusy = false;
async function loadBook() {
  if (bookBusy || !state.symbol) return;
  bookBusy = true;
  const sym = state.symbol;
  try {
    const book = await api.get(`/market/${encodeURIComponent(sym)}/book`, { depth: 10 });
    if (sym === state.symbol) renderBook(book);
  } catch (err) {
    setChildren($("book-asks"));
    setChildren($("book-mid"));
    setChildren($("book-bids"), el("tr", {}, el("td", { colspan: 3 }, errorState(err, "The order book"))));
  } finally { bookBusy = false; }
}

function renderBook(book) {
  const inst = state.instruments.get(book.symbol);
  const dp = inst?.price_decimals ?? 2;
  const cum = (levels) => { let t = Dec.zero(); return levels.map((l) => { t = t.add(l.qty); return { ...l, total: t }; }); };
  const asks = cum(book.asks || []), bids = cum(book.bids || []);
  const max = Math.max(Number(asks.at(-1)?.total.toString() || 0), Number(bids.at(-1)?.total.toString() || 0)) || 1;
  const row = (l, side) => {
    const tr = el("tr", { class: side }, el("td", { class: "num" }, fmtDec(l.price, dp)), el("td", { class: "num" }, fmtQty(l.qty)), el("td", { class: "num muted" }, fmtQty(l.total.toString())));
    const pct = (Number(l.total.toString()) / max) * 100;
    tr.style.backgroundImage = `linear-gradient(to left, var(--${side === "ask" ? "down" : "up"}-bg) ${pct.toFixed(1)}%, transparent ${pct.toFixed(1)}%)`;
    return tr;
  };
  setChildren($("book-asks"), asks.slice().reverse().map((l) => row(l, "ask")));
  setChildren($("book-bids"), bids.length ? bids.map((l) => row(l, "bid")) : (asks.length ? [] : stateRow(3, "empty", state.halted.get(book.symbol) ? "Halted: the book is frozen." : "The book is empty.")));
  const bestAsk = Dec.parse(asks[0]?.price), bestBid = Dec.parse(bids[0]?.price);
  if (bestAsk && bestBid) {
    const spread = bestAsk.sub(bestBid);
    $("book-spread").textContent = `spread ${spread.format(dp)}`;
    setChildren($("book-mid"), el("tr", { class: "mid" }, el("td", { colspan: 3 }, fmtDec(state.quotes.get(book.symbol)?.last, dp))));
  } else { $("book-spread").textContent = ""; setChildren($("book-mid")); }
  // Keep the touch in the middle of the ladder unless the trader is looking at it.
  const body = $("book-mid").closest(".body");
  const mid = $("book-mid").firstElementChild;
  if (mid && !body.matches(":hover")) body.scrollTop = mid.offsetTop - body.clientHeight / 2 + mid.offsetHeight;
}

// ------------------------------------------------------------------------------------------------
// Account, orders, positions

function refreshAll() {
  loadAccount(); loadPositions(); loadOpenOrders(); loadStatus(); renderTab();
}

async function loadAccount() {
  try {
    state.account = await api.get("/api/account");
    $("acct-equity").textContent = fmtMoney(state.account.equity);
    $("acct-bp").textContent = fmtMoney(state.account.buying_power);
    $("acct-cash").textContent = fmtMoney(state.account.cash);
    updatePreview();
  } catch { /* shown as stale; the socket pills and banner explain why */ }
}

async function loadPositions() {
  try {
    state.positions = await api.get("/api/portfolio/positions");
    renderPositionsIfShown();
    updatePreview();
  } catch (err) {
    if (state.tab === "positions") setChildren($("bottom-body"), errorState(err, "Positions"));
  }
}

async function loadOpenOrders() {
  try {
    const orders = await api.get("/trading/orders", { status: "open", limit: 500 });
    state.openOrders = new Map(orders.map((o) => [o.id, o]));
    renderOpenOrders();
  } catch (err) {
    if (state.tab === "open") setChildren($("bottom-body"), errorState(err, "Open orders"));
  }
}

for (const b of document.querySelectorAll("#bottom-tabs [role=tab]")) {
  b.addEventListener("click", () => { state.tab = b.dataset.tab; renderTab(); });
  b.addEventListener("keydown", (e) => {
    if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
    const tabs = [...document.querySelectorAll("#bottom-tabs [role=tab]")];
    const next = tabs[(tabs.indexOf(b) + (e.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
    next.focus(); next.click();
  });
}

function table(headers, rows, emptyText) {
  return el("table", {}, el("thead", {}, el("tr", {}, headers.map((h) => el("th", { class: h.endsWith(" ") ? "num" : "" }, h.trim())))),
    el("tbody", {}, rows.length ? rows : stateRow(headers.length, "empty", emptyText)));
}

async function renderTab() {
  for (const b of document.querySelectorAll("#bottom-tabs [role=tab]")) b.setAttribute("aria-selected", String(b.dataset.tab === state.tab));
  $("cancel-all").hidden = state.tab !== "open";
  const body = $("bottom-body");
  body.setAttribute("aria-labelledby", `tab-${state.tab}`);
  const tab = state.tab;
  const loading = () => { if (!body.querySelector("table")) setChildren(body, stateBox("loading", "Loading…")); };
  try {
    if (tab === "open") return renderOpenOrders();
    if (tab === "positions") return renderPositions();
    loading();
    if (tab === "history") {
      const orders = await api.get("/trading/orders", { status: "all", limit: 200 });
      if (state.tab !== tab) return;
      setChildren(body, table(["Time", "Symbol", "Side", "Type", "Qty ", "Filled ", "Avg price ", "Limit ", "Stop ", "TIF", "Status"], orders.map((o) => el("tr", {},
        el("td", { class: "muted" }, fmtDateTime(o.created_at)), el("td", {}, o.symbol), sideCell(o.side), el("td", {}, o.type.replace("_", " ")),
        el("td", { class: "num" }, fmtQty(o.qty)), el("td", { class: "num" }, fmtQty(o.filled_qty)), el("td", { class: "num" }, o.filled_avg_price ? fmtDec(o.filled_avg_price) : "—"),
        el("td", { class: "num" }, o.limit_price ? fmtDec(o.limit_price) : "—"), el("td", { class: "num" }, o.stop_price ? fmtDec(o.stop_price) : "—"),
        el("td", {}, o.time_in_force.toUpperCase()), el("td", { title: o.reason || "" }, el("span", { class: `badge ${o.status}` }, o.status.replace("_", " "))))), "No orders yet."));
    } else if (tab === "fills") {
      const fills = await api.get("/trading/fills", { limit: 200 });
      if (state.tab !== tab) return;
      setChildren(body, table(["Time", "Symbol", "Side", "Qty ", "Price ", "Notional ", "Fee ", "Liquidity", "Order"], fills.map((f) => el("tr", {},
        el("td", { class: "muted" }, fmtDateTime(f.ts)), el("td", {}, f.symbol), sideCell(f.side), el("td", { class: "num" }, fmtQty(f.qty)),
        el("td", { class: "num" }, fmtDec(f.price)), el("td", { class: "num" }, fmtMoney(f.notional)), el("td", { class: "num" }, fmtDec(f.fee, 4)),
        el("td", {}, f.liquidity || "—"), el("td", { class: "muted" }, f.order_id))), "No fills yet."));
    } else if (tab === "activity") {
      const acts = await api.get("/api/account/activities", { limit: 200 });
      if (state.tab !== tab) return;
      setChildren(body, table(["Time", "Type", "Description", "Amount ", "Balance "], acts.map((a) => {
        const amt = Dec.parse(a.amount);
        return el("tr", {}, el("td", { class: "muted" }, fmtDateTime(a.created_at)), el("td", {}, a.activity_type.replace(/_/g, " ")), el("td", {}, a.description || ""),
          el("td", { class: `num ${amt?.isNeg() ? "down" : "up"}` }, fmtMoney(a.amount, { sign: true })), el("td", { class: "num" }, fmtMoney(a.balance)));
      }), "No activity yet."));
    } else if (tab === "signals") {
      const signals = await api.get("/trading/signals", { limit: 100 });
      if (state.tab !== tab) return;
      setChildren(body, table(["Time", "Symbol", "Action", "Strength ", "Reason"], signals.map((s) => el("tr", {},
        el("td", { class: "muted" }, fmtDateTime(s.ts || s.created_at)), el("td", {}, s.symbol), el("td", {}, el("span", { class: `badge ${s.action === "buy" ? "up" : s.action === "sell" ? "down" : ""}` }, s.action)),
        el("td", { class: "num" }, String(s.strength ?? "—")), el("td", {}, s.reason || ""))), "No signals yet."));
    }
  } catch (err) {
    if (state.tab === tab) setChildren(body, errorState(err, { signals: "Signals", history: "Order history", fills: "Fills", activity: "Activity" }[tab] || "This view"));
  }
}

function sideCell(side) { return el("td", { class: side === "buy" ? "up" : "down" }, side); }

function renderOpenOrders() {
  $("open-count").textContent = String(state.openOrders.size);
  if (state.tab !== "open") return;
  const orders = [...state.openOrders.values()].sort((a, b) => (a.created_at < b.created_at ? 1 : -1));
  const rows = orders.map((o) => {
    const cancel = el("button", { type: "button", class: "small", "data-cancel": o.id, "aria-label": `Cancel order ${o.id}` }, "Cancel");
    cancel.addEventListener("click", () => cancelOrder(o.id, cancel));
    return el("tr", { "data-order-id": o.id },
      el("td", { class: "muted" }, fmtTime(o.created_at)), el("td", {}, o.symbol), sideCell(o.side), el("td", {}, o.type.replace("_", " ")),
      el("td", { class: "num" }, fmtQty(o.qty)), el("td", { class: "num" }, fmtQty(o.filled_qty)),
      el("td", { class: "num" }, o.limit_price ? fmtDec(o.limit_price) : "—"), el("td", { class: "num" }, o.stop_price ? fmtDec(o.stop_price) : "—"),
      el("td", {}, o.time_in_force.toUpperCase()), el("td", {}, el("span", { class: `badge ${o.status}` }, o.status.replace("_", " "))), el("td", {}, cancel));
  });
  setChildren($("bottom-body"), table(["Time", "Symbol", "Side", "Type", "Qty ", "Filled ", "Limit ", "Stop ", "TIF", "Status", ""], rows, "No open orders."));
  $("bottom-body").querySelector("table").id = "open-orders";
}

async function cancelOrder(id, button) {
  button.disabled = true;
  try {
    const o = await api.del(`/trading/orders/${encodeURIComponent(id)}`);
    state.openOrders.delete(id);
    renderOpenOrders();
    toast(`Order ${id} cancelled`, `${o.side} ${fmtQty(o.qty)} ${o.symbol}`, "info");
    refreshAfterTrade();
  } catch (err) {
    button.disabled = false;
    toast(`Could not cancel order ${id}`, err.reason, "error");
    if (err.status === 404 || err.status === 409) loadOpenOrders();
  }
}

$("cancel-all").addEventListener("click", async () => {
  if (!state.openOrders.size) return;
  const ok = await confirmDialog({ title: "Cancel all open orders?", message: `${state.openOrders.size} open order(s) will be cancelled.`, confirmLabel: "Cancel all orders", danger: true });
  if (!ok) return;
  try { await api.del("/trading/orders"); toast("Open orders cancelled", "", "info"); loadOpenOrders(); refreshAfterTrade(); }
  catch (err) { toast("Could not cancel orders", err.reason, "error"); }
});

function renderPositionsIfShown() { if (state.tab === "positions") renderPositions(); }

function renderPositions() {
  const rows = state.positions.map((p) => {
    const q = state.quotes.get(p.symbol);
    const last = q?.last || p.current_price;
    const qty = Dec.parse(p.qty), avg = Dec.parse(p.avg_entry_price), px = Dec.parse(last);
    let mv = Dec.parse(p.market_value), pl = Dec.parse(p.unrealized_pl);
    if (qty && avg && px) {
      mv = px.mul(qty);
      const sign = p.side === "short" && !qty.isNeg() ? -1n : 1n;
      pl = px.sub(avg).mul(qty);
      if (sign < 0n) pl = pl.neg();
    }
    const cost = Dec.parse(p.cost_basis) || (avg && qty ? avg.mul(qty) : null);
    const plPct = cost && !cost.isZero() && pl ? pl.mul("100").div(cost.abs(), 2) : null;
    const cls = pl && !pl.isZero() ? (pl.isNeg() ? "down" : "up") : "";
    const dp = state.instruments.get(p.symbol)?.price_decimals ?? 2;
    return el("tr", { "data-symbol": p.symbol },
      el("td", {}, p.symbol), el("td", {}, p.side || "long"), el("td", { class: "num" }, fmtQty(p.qty)), el("td", { class: "num" }, fmtDec(p.avg_entry_price, dp)),
      el("td", { class: "num" }, fmtDec(last, dp)), el("td", { class: "num" }, mv ? fmtMoney(mv.toString()) : "—"),
      el("td", { class: `num ${cls}` }, pl ? fmtMoney(pl.toString(), { sign: true }) : "—"), el("td", { class: `num ${cls}` }, plPct ? plPct.format(2, { sign: true }) + "%" : "—"),
      el("td", { class: "num" }, fmtMoney(p.realized_pl, { sign: true })));
  });
  setChildren($("bottom-body"), table(["Symbol", "Side", "Qty ", "Avg entry ", "Last ", "Market value ", "Unrealized P&L ", "P&L % ", "Realized "], rows, "No positions. Place an order to open one."));
}

// ------------------------------------------------------------------------------------------------
// Order ticket

const form = $("order-form");

function updateTicket() {
  const type = form.type.value;
  $("f-limit").hidden = !(type === "limit" || type === "stop_limit");
  $("f-stop").hidden = !(type === "stop" || type === "stop_limit");
  const side = form.side.value;
  const btn = $("order-submit");
  btn.className = side === "buy" ? "buy" : "sell";
  btn.textContent = `${side === "buy" ? "Buy" : "Sell"} ${state.symbol}`;
  updatePreview();
}

form.addEventListener("input", updateTicket);
form.addEventListener("change", updateTicket);

/** The price the preview uses: the limit (or stop) the trader typed, else the touch. */
function previewPrice() {
  const type = form.type.value, side = form.side.value;
  const q = state.quotes.get(state.symbol);
  if (type === "limit" || type === "stop_limit") return Dec.parse(form.limit_price.value);
  if (type === "stop") return Dec.parse(form.stop_price.value);
  return Dec.parse(side === "buy" ? q?.ask || q?.last : q?.bid || q?.last);
}

function updatePreview() {
  if (!form) return;
  const inst = state.instruments.get(state.symbol);
  const dp = inst?.price_decimals ?? 2;
  const side = form.side.value;
  const qty = Dec.parse(form.qty.value);
  const price = previewPrice();
  const warn = [];
  $("pv-price").textContent = price ? fmtDec(price.toString(), dp) : "—";
  let cost = null, fee = null;
  if (qty && price) {
    cost = qty.mul(price);
    const bps = form.type.value === "market" || form.type.value === "stop" ? inst?.taker_fee_bps ?? 0 : Math.max(inst?.taker_fee_bps ?? 0, inst?.maker_fee_bps ?? 0);
    fee = cost.mul(String(bps)).div("10000", 6);
  }
  $("pv-cost").textContent = cost ? fmtMoney(cost.toString()) : "—";
  $("pv-fee").textContent = fee ? `≤ ${fmtMoney(fee.toString())}` : "—";
  if (side === "buy") {
    $("pv-avail-label").textContent = "Buying power";
    const bp = Dec.parse(state.account?.buying_power);
    $("pv-bp").textContent = bp ? fmtMoney(bp.toString()) : "—";
    if (bp && cost && cost.add(fee || "0").cmp(bp) > 0) warn.push(`This needs about ${fmtMoney(cost.add(fee || "0").toString())}, more than your buying power.`);
  } else {
    $("pv-avail-label").textContent = "Position";
    const pos = state.positions.find((p) => p.symbol === state.symbol);
    $("pv-bp").textContent = pos ? `${fmtQty(pos.qty)} ${state.symbol}` : `0 ${state.symbol}`;
    if (qty && !inst?.short_selling_allowed && Dec.parse(pos?.qty || "0").cmp(qty) < 0) warn.push(`You hold ${pos ? fmtQty(pos.qty) : "0"}; short selling ${state.symbol} is not allowed.`);
  }
  if (qty && inst?.lot_size && !qty.isMultipleOf(inst.lot_size)) warn.push(`Quantity must be a multiple of ${inst.lot_size}.`);
  if (state.halted.get(state.symbol)) warn.push(`${state.symbol} is halted: orders wait until trading resumes.`);
  $("pv-warning").textContent = warn.join(" ");
}

form.addEventListener("submit", async (e) => {
  e.preventDefault();
  const type = form.type.value;
  const body = { symbol: state.symbol, side: form.side.value, type, qty: form.qty.value.trim(), time_in_force: form.time_in_force.value };
  if (type === "limit" || type === "stop_limit") body.limit_price = form.limit_price.value.trim();
  if (type === "stop" || type === "stop_limit") body.stop_price = form.stop_price.value.trim();
  const missing = {};
  if (!body.qty) missing.qty = "Enter a quantity.";
  if ("limit_price" in body && !body.limit_price) missing.limit_price = "Enter a limit price.";
  if ("stop_price" in body && !body.stop_price) missing.stop_price = "Enter a stop price.";
  if (Object.keys(missing).length) return showFieldErrors(form, missing);
  showFieldErrors(form, {});
  // One id per submission: a network retry of the same click cannot create a second order.
  body.client_order_id = crypto.randomUUID ? crypto.randomUUID() : `c-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const btn = $("order-submit");
  btn.disabled = true;
  try {
    const order = await api.post("/trading/orders", body);
    if (!["filled", "canceled", "rejected", "expired"].includes(order.status)) state.openOrders.set(order.id, order);
    renderOpenOrders();
    const what = `${order.side} ${fmtQty(order.qty)} ${order.symbol} ${order.type.replace("_", " ")}`;
    toast(`Order ${order.id} ${order.status.replace("_", " ")}`, what, order.status === "rejected" ? "error" : "success");
    form.qty.value = "";
    updatePreview();
    refreshAfterTrade();
  } catch (err) {
    showApiError(form, err, { insufficient_buying_power: "qty", insufficient_position: "qty", invalid_qty: "qty" });
  } finally { btn.disabled = false; }
});
