// Bourse shared API module: configuration, tokens, fetch wrapper, decimal helpers.
//
// Token storage (deliberate choice):
//  - the short-lived ACCESS token lives in localStorage (so a reload or a second tab keeps working
//    for its ~15 minutes of life);
//  - the REFRESH token lives in sessionStorage only: it survives a reload of this tab but is never
//    written to localStorage, is not shared with other tabs and disappears when the tab closes.
//    Refresh tokens rotate on every use (POST /api/auth/refresh), so a copied one is single use.
// Each app uses its own key prefix so the trader and admin sessions never mix.

/** Where the HTTP API and the WebSockets live. */
export const config = (() => {
  const params = new URLSearchParams(location.search);
  const meta = (name) => document.querySelector(`meta[name="${name}"]`)?.content || "";
  const remember = (key, value) => {
    if (value) sessionStorage.setItem(key, value);
    return value || sessionStorage.getItem(key) || "";
  };
  // ?api= and ?ws= are honoured (and remembered for the tab) so a page served elsewhere
  // (a test harness, a dev static server) can talk to a Bourse server on another port.
  const api = (remember("bourse.api", params.get("api")) || meta("bourse-api") || location.origin).replace(/\/$/, "");
  const wsFromApi = api.replace(/^http/, "ws");
  const ws = (remember("bourse.ws", params.get("ws")) || meta("bourse-ws") || wsFromApi).replace(/\/$/, "");
  return { api, ws };
})();

/** An error from the API (or the network), shaped for forms: show `reason` next to `field`. */
export class ApiError extends Error {
  constructor(status, code, reason, field = null) {
    super(reason);
    this.status = status;
    this.code = code;
    this.reason = reason;
    this.field = field;
  }
}

/** Which request field an API error is about: an explicit `field`, or the "field 'x'" in reason. */
export function errorField(body) {
  if (body && typeof body.field === "string") return body.field;
  const reason = body?.reason || "";
  const m = /field '([A-Za-z0-9_]+)'/.exec(reason) || /^'([A-Za-z0-9_]+)'/.exec(reason);
  return m ? m[1] : null;
}

/** Access/refresh token storage for one app (see the note at the top of this file). */
export class TokenStore {
  constructor(prefix) {
    this.accessKey = `bourse.${prefix}.access`;
    this.refreshKey = `bourse.${prefix}.refresh`;
  }
  get access() { return localStorage.getItem(this.accessKey); }
  get refresh() { return sessionStorage.getItem(this.refreshKey); }
  set(tokens) {
    if (tokens.access_token) localStorage.setItem(this.accessKey, tokens.access_token);
    if (tokens.refresh_token) sessionStorage.setItem(this.refreshKey, tokens.refresh_token);
  }
  clear() {
    localStorage.removeItem(this.accessKey);
    sessionStorage.removeItem(this.refreshKey);
  }
  /** The access token's claims, decoded without verifying (the server verifies). */
  get claims() {
    try {
      const part = this.access.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
      return JSON.parse(atob(part));
    } catch { return null; }
  }
  /** The `sub` claim of the access token (the user id). */
  get subject() { return this.claims?.sub || null; }
}

/** A small client for the Bourse REST API with bearer auth and refresh-token rotation. */
export class Api extends EventTarget {
  constructor(prefix) {
    super();
    this.tokens = new TokenStore(prefix);
    this.refreshing = null;
  }

  get loggedIn() { return !!this.tokens.access; }

  async request(method, path, { body, query, auth = true, retry = true } = {}) {
    let url = config.api + path;
    if (query) {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== "") q.set(k, v);
      const s = q.toString();
      if (s) url += (url.includes("?") ? "&" : "?") + s;
    }
    const headers = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (auth && this.tokens.access) headers.Authorization = `Bearer ${this.tokens.access}`;
    let res;
    try {
      res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      throw new ApiError(0, "network_error", "Cannot reach the server. Check your connection and try again.");
    }
    const text = await res.text();
    let data = null;
    if (text) { try { data = JSON.parse(text); } catch { data = text; } }
    if (res.ok) return data;

    const code = data?.code || `http_${res.status}`;
    if (res.status === 401 && auth && retry && (code === "token_expired" || code === "invalid_token") && this.tokens.refresh) {
      if (await this.refresh()) return this.request(method, path, { body, query, auth, retry: false });
    }
    if (res.status === 401 && auth && path !== "/api/auth/login") {
      this.tokens.clear();
      this.dispatchEvent(new CustomEvent("logout", { detail: { reason: data?.reason || "Your session ended." } }));
    }
    let reason = data?.reason || res.statusText || `HTTP ${res.status}`;
    if (res.status === 429) {
      const after = res.headers.get("Retry-After");
      if (after) reason += ` (try again in ${after} s)`;
    }
    throw new ApiError(res.status, code, reason, errorField(data));
  }

  /** Rotate the refresh token once, shared by every request that hit an expired token. */
  refresh() {
    if (!this.refreshing) {
      const token = this.tokens.refresh;
      this.refreshing = (async () => {
        try {
          if (!token) throw new ApiError(401, "no_refresh_token", "Your session ended. Please log in again.");
          const t = await this.request("POST", "/api/auth/refresh", { body: { refresh_token: token }, auth: false, retry: false });
          this.tokens.set(t);
          this.dispatchEvent(new CustomEvent("refreshed"));
          return true;
        } catch (err) {
          // A refused refresh token (expired, revoked, reused) ends the session; a network error does not.
          if (err.status === 400 || err.status === 401 || err.status === 403) {
            this.tokens.clear();
            this.dispatchEvent(new CustomEvent("logout", { detail: { reason: "Your session expired. Please log in again." } }));
          }
          return false;
        } finally {
          setTimeout(() => { this.refreshing = null; }, 0);
        }
      })();
    }
    return this.refreshing;
  }

  /** An access token valid for at least a little longer, refreshed first if it is about to expire. */
  async freshAccessToken() {
    const exp = this.tokens.claims?.exp;
    if (exp && exp * 1000 - Date.now() < 15000 && this.tokens.refresh) await this.refresh();
    return this.tokens.access;
  }

  async login(email, password) {
    const t = await this.request("POST", "/api/auth/login", { body: { email, password }, auth: false });
    this.tokens.set(t);
    return t;
  }

  async logout() {
    const refresh = this.tokens.refresh;
    this.tokens.clear();
    if (refresh) {
      try { await this.request("POST", "/api/auth/logout", { body: { refresh_token: refresh }, auth: false }); } catch { /* already gone */ }
    }
  }

  get(path, query) { return this.request("GET", path, { query }); }
  post(path, body = {}) { return this.request("POST", path, { body }); }
  put(path, body = {}) { return this.request("PUT", path, { body }); }
  patch(path, body = {}) { return this.request("PATCH", path, { body }); }
  del(path) { return this.request("DELETE", path); }
}

// ---------------------------------------------------------------------------------------------
// Decimals. Money, prices and quantities arrive as decimal strings; anything shown to a user that
// involves arithmetic goes through this BigInt fixed-point type, never through floats.

/** An exact decimal: `units / 10^scale` with BigInt units. */
export class Dec {
  constructor(units, scale) { this.units = units; this.scale = scale; }

  /** Parses "123.45", "-0.5", "7"; returns null for anything that is not a plain decimal. */
  static parse(value) {
    if (value instanceof Dec) return value;
    if (value === null || value === undefined) return null;
    const s = String(value).trim();
    const m = /^([+-])?(\d*)(?:\.(\d*))?$/.exec(s);
    if (!m || (!m[2] && !m[3])) return null;
    const frac = m[3] || "";
    let units = BigInt((m[2] || "0") + frac);
    if (m[1] === "-") units = -units;
    return new Dec(units, frac.length);
  }

  static zero() { return new Dec(0n, 0); }

  rescale(scale) {
    if (scale === this.scale) return this;
    if (scale > this.scale) return new Dec(this.units * 10n ** BigInt(scale - this.scale), scale);
    // Round half away from zero when dropping digits.
    const div = 10n ** BigInt(this.scale - scale);
    const neg = this.units < 0n;
    const abs = neg ? -this.units : this.units;
    let q = abs / div;
    if ((abs % div) * 2n >= div) q += 1n;
    return new Dec(neg ? -q : q, scale);
  }

  static align(a, b) {
    const s = Math.max(a.scale, b.scale);
    return [a.rescale(s), b.rescale(s), s];
  }

  add(o) { o = Dec.parse(o); const [a, b, s] = Dec.align(this, o); return new Dec(a.units + b.units, s); }
  sub(o) { o = Dec.parse(o); const [a, b, s] = Dec.align(this, o); return new Dec(a.units - b.units, s); }
  mul(o) { o = Dec.parse(o); return new Dec(this.units * o.units, this.scale + o.scale); }
  /** Division to `scale` decimals (rounded half away from zero). */
  div(o, scale = 8) {
    o = Dec.parse(o);
    if (o.units === 0n) return null;
    // this/o = (tu/10^ts) / (ou/10^os); compute with two extra digits then round.
    const extra = scale + 2;
    const num = this.units * 10n ** BigInt(o.scale + extra);
    const q = num / o.units; // scale: ts + extra
    return new Dec(q, this.scale + extra).rescale(scale);
  }
  cmp(o) { o = Dec.parse(o); const [a, b] = Dec.align(this, o); return a.units < b.units ? -1 : a.units > b.units ? 1 : 0; }
  isZero() { return this.units === 0n; }
  isNeg() { return this.units < 0n; }
  neg() { return new Dec(-this.units, this.scale); }
  abs() { return this.units < 0n ? this.neg() : this; }
  /** Remainder-free check: is this an exact multiple of `step` ("0.01", "1")? */
  isMultipleOf(step) {
    step = Dec.parse(step);
    if (!step || step.isZero()) return true;
    const [a, b] = Dec.align(this, step);
    return a.units % b.units === 0n;
  }

  /** Plain string with exactly `decimals` digits (or the natural scale), no grouping. */
  toString(decimals = this.scale) {
    const d = this.rescale(decimals);
    const neg = d.units < 0n;
    let digits = (neg ? -d.units : d.units).toString().padStart(decimals + 1, "0");
    const int = decimals ? digits.slice(0, -decimals) : digits;
    const frac = decimals ? digits.slice(-decimals) : "";
    return (neg ? "-" : "") + int + (frac ? "." + frac : "");
  }

  /** Grouped for display: 12,345.67 */
  format(decimals = this.scale, { sign = false } = {}) {
    const s = this.toString(decimals);
    const neg = s.startsWith("-");
    const [int, frac] = (neg ? s.slice(1) : s).split(".");
    const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    const isZero = /^[0.,]*$/.test(grouped + (frac || ""));
    const prefix = neg && !isZero ? "−" : sign && !isZero ? "+" : "";
    return prefix + grouped + (frac !== undefined ? "." + frac : "");
  }

  toNumber() { return Number(this.toString()); }
}

/** Formats a decimal string for display; `decimals` defaults to the string's own precision. */
export function fmtDec(value, decimals, opts) {
  const d = Dec.parse(value);
  if (!d) return value === null || value === undefined || value === "" ? "—" : String(value);
  return d.format(decimals === undefined ? d.scale : decimals, opts);
}

/** Money with two decimals and grouping: "12,345.68". */
export function fmtMoney(value, opts) { return fmtDec(value, 2, opts); }

/** A quantity without trailing zeros beyond its meaningful digits. */
export function fmtQty(value) {
  const d = Dec.parse(value);
  if (!d) return value ?? "—";
  let s = d.toString();
  if (s.includes(".")) s = s.replace(/0+$/, "").replace(/\.$/, "");
  const dec = s.includes(".") ? s.split(".")[1].length : 0;
  return Dec.parse(s).format(dec);
}

/** Number of decimals implied by a step like "0.01" (2) or "1" (0). */
export function decimalsOf(step) {
  const s = String(step ?? "");
  return s.includes(".") ? s.split(".")[1].replace(/0+$/, "").length || 0 : 0;
}

/** Time "14:05:09" (local) from an RFC 3339 string. */
export function fmtTime(ts) {
  if (!ts) return "—";
  const d = new Date(ts);
  return isNaN(d) ? String(ts) : d.toLocaleTimeString([], { hour12: false });
}

/** Date and time "2026-01-02 14:05:09" (local). */
export function fmtDateTime(ts) {
  if (!ts) return "—";
  const d = new Date(ts);
  if (isNaN(d)) return String(ts);
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
