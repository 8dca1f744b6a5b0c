// Bourse WebSocket client: one socket per channel, reconnecting on its own.
//
//  - auto-reconnect with full-jitter exponential backoff (0.5 s doubling up to 30 s);
//  - resume: the last `seq` seen is sent back as `?last_seq=N`; a `reset` message from the
//    server means the gap is gone and the app must refetch its snapshot (the "reset" event);
//  - subscription restore: the current symbol filter is part of every (re)connect URL, and
//    changes while connected are sent as subscribe/unsubscribe ops;
//  - keepalive: `{"op":"ping"}` every 20 s; no message at all for 45 s means the link is dead;
//  - status events: connecting, open, reconnecting, closed (with a reason) for the UI.
//
// Events: "status" {state, attempt, delay, reason}, "message" (the envelope), "reset",
// "auth" (close 4401: the token was refused; the socket asks `token()` again before retrying).

import { config } from "./api.js";

const PING_MS = 20000;
const DEAD_MS = 45000;

/** A self-healing WebSocket for one Bourse channel. */
export class BourseSocket extends EventTarget {
  /**
   * @param {string} path e.g. "/api/ws/market" or "/api/ws/trading/<user id>"
   * @param {{token?: () => (string|null|Promise<string|null>), symbols?: string[], base?: string,
   *          minDelay?: number, maxDelay?: number}} options
   */
  constructor(path, options = {}) {
    super();
    this.path = path;
    this.token = options.token || null;
    this.symbols = options.symbols ? [...options.symbols] : null;
    this.base = options.base || config.ws;
    this.minDelay = options.minDelay ?? 500;
    this.maxDelay = options.maxDelay ?? 30000;
    this.lastSeq = null;
    this.attempt = 0;
    this.state = "idle";
    this.ws = null;
    this.stopped = true;
    this.timers = {};
    this.lastMessageAt = 0;
    this.onOnline = () => { if (!this.stopped && this.state !== "open") this.reconnectNow(); };
  }

  start() {
    if (!this.stopped) return this;
    this.stopped = false;
    window.addEventListener("online", this.onOnline);
    this.connect();
    return this;
  }

  /** Closes for good (logout, page change); no reconnect. */
  stop(reason = "stopped") {
    this.stopped = true;
    window.removeEventListener("online", this.onOnline);
    this.clearTimers();
    if (this.ws) {
      const ws = this.ws;
      this.ws = null;
      ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
      try { ws.close(1000, reason); } catch { /* already closed */ }
    }
    this.setState("closed", { reason });
  }

  /** Replaces the symbol filter (null = everything). */
  setSymbols(symbols) {
    const prev = this.symbols || [];
    this.symbols = symbols ? [...symbols] : null;
    if (this.state !== "open") return;
    if (!symbols) { this.reconnectNow(); return; }
    const add = symbols.filter((s) => !prev.includes(s));
    const remove = prev.filter((s) => !symbols.includes(s));
    if (add.length) this.send({ op: "subscribe", symbols: add });
    if (remove.length) this.send({ op: "unsubscribe", symbols: remove });
  }

  send(obj) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify(obj));
      return true;
    }
    return false;
  }

  reconnectNow() {
    this.clearTimers();
    if (this.ws) {
      const ws = this.ws;
      this.ws = null;
      ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
      try { ws.close(4000, "reconnect"); } catch { /* ignore */ }
    }
    this.attempt = 0;
    this.connect();
  }

  // -- internals ------------------------------------------------------------------------------

  setState(state, extra = {}) {
    this.state = state;
    this.dispatchEvent(new CustomEvent("status", { detail: { state, attempt: this.attempt, ...extra } }));
  }

  clearTimers() {
    for (const t of Object.values(this.timers)) { clearTimeout(t); clearInterval(t); }
    this.timers = {};
  }

  async url() {
    const q = new URLSearchParams();
    if (this.token) {
      const t = await this.token();
      if (t) q.set("token", t);
    }
    if (this.symbols && this.symbols.length) q.set("symbols", this.symbols.join(","));
    if (this.lastSeq !== null) q.set("last_seq", String(this.lastSeq));
    const s = q.toString();
    return this.base + this.path + (s ? "?" + s : "");
  }

  async connect() {
    if (this.stopped) return;
    this.setState(this.attempt === 0 ? "connecting" : "reconnecting");
    let url;
    try { url = await this.url(); } catch { url = null; }
    if (this.stopped) return;
    let ws;
    try {
      ws = new WebSocket(url);
    } catch {
      this.scheduleReconnect("bad url");
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      this.attempt = 0;
      this.lastMessageAt = Date.now();
      this.setState("open");
      this.timers.ping = setInterval(() => {
        if (Date.now() - this.lastMessageAt > DEAD_MS) {
          // No traffic and no pong: the link is dead even if the browser has not noticed.
          try { ws.close(4000, "keepalive timeout"); } catch { /* ignore */ }
          this.handleClose({ code: 4000, reason: "keepalive timeout" });
          return;
        }
        this.send({ op: "ping" });
      }, PING_MS);
    };
    ws.onmessage = (ev) => {
      this.lastMessageAt = Date.now();
      let msg;
      try { msg = JSON.parse(ev.data); } catch { return; }
      if (typeof msg.seq === "number") this.lastSeq = msg.seq;
      if (msg.type === "pong" || msg.type === "ping") {
        if (msg.type === "ping") this.send({ op: "pong" });
        return;
      }
      if (msg.type === "reset") {
        // The server no longer holds what we missed: start from its next message and refetch.
        this.lastSeq = null;
        this.dispatchEvent(new CustomEvent("reset", { detail: msg }));
        return;
      }
      if (msg.type === "lagging") this.dispatchEvent(new CustomEvent("lagging", { detail: msg }));
      this.dispatchEvent(new CustomEvent("message", { detail: msg }));
    };
    ws.onerror = () => { /* onclose follows and handles it */ };
    ws.onclose = (ev) => this.handleClose(ev);
  }

  handleClose(ev) {
    if (!this.ws) return;
    const ws = this.ws;
    this.ws = null;
    ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
    this.clearTimers();
    if (this.stopped) return;
    if (ev.code === 4403) {
      this.stopped = true;
      this.setState("closed", { reason: "Not allowed on this channel (4403)", code: 4403 });
      return;
    }
    if (ev.code === 4401) {
      // The token was refused (expired?): let the app refresh it, then try again.
      this.dispatchEvent(new CustomEvent("auth", { detail: { code: 4401, reason: ev.reason } }));
    }
    this.scheduleReconnect(ev.reason || `code ${ev.code}`);
  }

  scheduleReconnect(reason) {
    this.attempt += 1;
    const cap = Math.min(this.maxDelay, this.minDelay * 2 ** (this.attempt - 1));
    const delay = Math.round(this.minDelay / 2 + Math.random() * (cap - this.minDelay / 2));
    this.setState("reconnecting", { delay, reason });
    this.timers.retry = setTimeout(() => this.connect(), delay);
  }
}

/** Binds a socket's status to an element: text and a data-state attribute for styling. */
export function bindStatus(socket, element, label) {
  const text = { idle: "idle", connecting: "connecting…", open: "live", reconnecting: "reconnecting…", closed: "disconnected" };
  const update = (detail) => {
    element.dataset.state = detail.state;
    // Short when all is well; says what is wrong otherwise.
    element.textContent = detail.state === "open" ? label : `${label}: ${text[detail.state] || detail.state}`;
    element.setAttribute("aria-label", `${label} connection: ${text[detail.state] || detail.state}`);
    let title = `${label} socket ${detail.state}`;
    if (detail.reason) title += ` — ${detail.reason}`;
    if (detail.delay) title += ` — retry in ${(detail.delay / 1000).toFixed(1)} s`;
    element.title = title;
  };
  socket.addEventListener("status", (e) => update(e.detail));
  update({ state: socket.state });
}
