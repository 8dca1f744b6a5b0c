// Canvas candlestick chart with volume, SMA/EMA overlays, a crosshair, wheel zoom and drag pan.
// Drawing happens in requestAnimationFrame, at most once per frame, however often data arrives.
// Prices are floats here on purpose: they only become pixel positions, never money shown as text
// that someone adds up (labels are formatted from the float with the instrument's decimals).

export const INTERVALS = { "1s": 1, "1m": 60, "5m": 300, "1h": 3600, "1d": 86400 };

/** Simple moving average of closes; null until `n` values exist. */
export function sma(values, n) {
  const out = new Array(values.length).fill(null);
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i];
    if (i >= n) sum -= values[i - n];
    if (i >= n - 1) out[i] = sum / n;
  }
  return out;
}

/** Exponential moving average of closes, seeded with the SMA of the first `n`. */
export function ema(values, n) {
  const out = new Array(values.length).fill(null);
  if (values.length < n) return out;
  const k = 2 / (n + 1);
  let prev = values.slice(0, n).reduce((a, b) => a + b, 0) / n;
  out[n - 1] = prev;
  for (let i = n; i < values.length; i++) {
    prev = values[i] * k + prev * (1 - k);
    out[i] = prev;
  }
  return out;
}

function toCandle(c) {
  return {
    t: Math.floor(new Date(c.t).getTime() / 1000),
    o: Number(c.open), h: Number(c.high), l: Number(c.low), c: Number(c.close),
    v: Number(c.volume || 0),
  };
}

/** A live candlestick chart drawn on a canvas inside `container`. */
export class CandleChart {
  constructor(container, { decimals = 2 } = {}) {
    this.container = container;
    this.canvas = document.createElement("canvas");
    this.canvas.setAttribute("role", "img");
    this.canvas.setAttribute("aria-label", "Candlestick chart");
    this.canvas.tabIndex = 0;
    container.append(this.canvas);
    this.ctx = this.canvas.getContext("2d");
    this.candles = [];
    this.interval = "1m";
    this.decimals = decimals;
    this.visible = 80;
    this.offset = 0; // candles scrolled back from the newest
    this.indicators = { sma: 20, ema: null };
    this.hover = null;
    this.overlay = "";
    this.pending = false;
    this.readColors();

    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(container);
    this.canvas.addEventListener("mousemove", (e) => { this.hover = this.pointer(e); this.draw(); });
    this.canvas.addEventListener("mouseleave", () => { this.hover = null; this.draw(); });
    this.canvas.addEventListener("wheel", (e) => {
      e.preventDefault();
      this.zoom(e.deltaY > 0 ? 1.15 : 1 / 1.15);
    }, { passive: false });
    let drag = null;
    this.canvas.addEventListener("pointerdown", (e) => { drag = { x: e.clientX, offset: this.offset }; this.canvas.setPointerCapture(e.pointerId); });
    this.canvas.addEventListener("pointerup", () => { drag = null; });
    this.canvas.addEventListener("pointermove", (e) => {
      if (!drag) return;
      const per = this.plotWidth() / this.visible;
      this.offset = Math.max(0, Math.min(this.candles.length - 5, Math.round(drag.offset + (e.clientX - drag.x) / per)));
      this.draw();
    });
    this.canvas.addEventListener("keydown", (e) => {
      if (e.key === "+" || e.key === "=") this.zoom(1 / 1.25);
      else if (e.key === "-") this.zoom(1.25);
      else if (e.key === "ArrowLeft") { this.offset = Math.min(this.candles.length - 5, this.offset + 5); this.draw(); }
      else if (e.key === "ArrowRight") { this.offset = Math.max(0, this.offset - 5); this.draw(); }
      else return;
      e.preventDefault();
    });
    matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => this.themeChanged());
    this.resize();
  }

  zoom(factor) {
    this.visible = Math.max(15, Math.min(400, Math.round(this.visible * factor)));
    this.draw();
  }

  themeChanged() { this.readColors(); this.draw(); }

  readColors() {
    const cs = getComputedStyle(this.container);
    const v = (name, fallback) => cs.getPropertyValue(name).trim() || fallback;
    this.colors = {
      bg: v("--chart-bg", "#fff"), grid: v("--chart-grid", "#e5e7eb"), text: v("--muted", "#6b7280"),
      up: v("--up", "#16a34a"), down: v("--down", "#dc2626"), sma: v("--chart-sma", "#2563eb"),
      ema: v("--chart-ema", "#d97706"), cross: v("--chart-cross", "#9ca3af"), fg: v("--fg", "#111"),
    };
  }

  /** Replaces all candles (REST snapshot, oldest first). */
  setData(candles, interval, decimals) {
    if (interval) this.interval = interval;
    if (decimals !== undefined) this.decimals = decimals;
    this.candles = candles.map(toCandle).filter((c) => Number.isFinite(c.c)).sort((a, b) => a.t - b.t);
    this.offset = 0;
    this.draw();
  }

  /** A candle from the market socket: replaces the bucket it belongs to or appends it. */
  updateCandle(raw) {
    if (raw.interval && raw.interval !== this.interval) return;
    const c = toCandle(raw);
    const last = this.candles[this.candles.length - 1];
    if (!last || c.t > last.t) this.candles.push(c);
    else {
      const i = this.candles.findIndex((x) => x.t === c.t);
      if (i >= 0) this.candles[i] = c;
    }
    this.trim();
    this.draw();
  }

  /** A trade print updates the forming candle of the selected interval (the server pushes only closed ones). */
  addTrade(price, qty, ts) {
    const p = Number(price);
    if (!Number.isFinite(p)) return;
    const step = INTERVALS[this.interval] || 60;
    const t = Math.floor(new Date(ts).getTime() / 1000 / step) * step;
    const last = this.candles[this.candles.length - 1];
    if (last && last.t === t) {
      last.h = Math.max(last.h, p); last.l = Math.min(last.l, p); last.c = p; last.v += Number(qty) || 0;
    } else if (!last || t > last.t) {
      this.candles.push({ t, o: last ? last.c : p, h: Math.max(p, last ? last.c : p), l: Math.min(p, last ? last.c : p), c: p, v: Number(qty) || 0 });
      this.trim();
    }
    this.draw();
  }

  setIndicators(ind) { this.indicators = { ...this.indicators, ...ind }; this.draw(); }
  setOverlay(text) { this.overlay = text || ""; this.draw(); }

  trim() { if (this.candles.length > 5000) this.candles.splice(0, this.candles.length - 5000); }

  resize() {
    const r = this.container.getBoundingClientRect();
    const dpr = window.devicePixelRatio || 1;
    this.w = Math.max(100, Math.floor(r.width));
    this.h = Math.max(120, Math.floor(r.height));
    this.canvas.style.width = this.w + "px";
    this.canvas.style.height = this.h + "px";
    this.canvas.width = Math.round(this.w * dpr);
    this.canvas.height = Math.round(this.h * dpr);
    this.dpr = dpr;
    this.draw();
  }

  plotWidth() { return this.w - 64; }

  pointer(e) {
    const r = this.canvas.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  }

  /** Schedules a redraw on the next animation frame (coalesces bursts of updates). */
  draw() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => { this.pending = false; this.render(); });
  }

  destroy() { this.resizeObserver.disconnect(); this.canvas.remove(); }

  render() {
    const { ctx, w, h, colors } = this;
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    ctx.fillStyle = colors.bg;
    ctx.fillRect(0, 0, w, h);
    ctx.font = "11px system-ui, sans-serif";
    const axisW = 64, axisH = 18;
    const plotW = w - axisW;
    const volH = Math.round((h - axisH) * 0.18);
    const priceH = h - axisH - volH - 6;

    const n = this.candles.length;
    if (!n) {
      ctx.fillStyle = colors.text;
      ctx.textAlign = "center";
      ctx.fillText(this.overlay || "No candles yet", w / 2, h / 2);
      return;
    }
    const end = Math.max(0, n - this.offset);
    // With only a few candles, do not leave most of the plot empty.
    const slots = Math.max(Math.min(this.visible, n + 4), Math.min(this.visible, 30));
    const start = Math.max(0, end - slots);
    const view = this.candles.slice(start, end);
    const per = plotW / slots;
    const bodyW = Math.max(1, Math.min(14, per * 0.7));
    const xOf = (i) => plotW - (view.length - i - 0.5) * per;

    let lo = Infinity, hi = -Infinity, vmax = 0;
    for (const c of view) { lo = Math.min(lo, c.l); hi = Math.max(hi, c.h); vmax = Math.max(vmax, c.v); }
    const closes = this.candles.map((c) => c.c);
    const lines = [];
    if (this.indicators.sma) lines.push({ data: sma(closes, this.indicators.sma), color: colors.sma, label: `SMA ${this.indicators.sma}` });
    if (this.indicators.ema) lines.push({ data: ema(closes, this.indicators.ema), color: colors.ema, label: `EMA ${this.indicators.ema}` });
    for (const line of lines) for (let i = start; i < end; i++) {
      const v = line.data[i];
      if (v !== null) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    }
    if (hi === lo) { hi += Math.abs(hi) * 0.001 || 1; lo -= Math.abs(lo) * 0.001 || 1; }
    const pad = (hi - lo) * 0.06;
    hi += pad; lo -= pad;
    const yOf = (p) => 6 + (hi - p) / (hi - lo) * (priceH - 6);

    // Grid and price axis.
    ctx.strokeStyle = colors.grid; ctx.lineWidth = 1; ctx.fillStyle = colors.text; ctx.textAlign = "left"; ctx.textBaseline = "middle";
    const ticks = niceTicks(lo, hi, Math.max(3, Math.floor(priceH / 50)));
    for (const p of ticks) {
      const y = Math.round(yOf(p)) + 0.5;
      ctx.beginPath(); ctx.moveTo(0, y); ctx.lineTo(plotW, y); ctx.stroke();
      ctx.fillText(p.toFixed(this.decimals), plotW + 6, y);
    }
    // Time axis.
    ctx.textAlign = "center"; ctx.textBaseline = "top";
    const every = Math.max(1, Math.ceil(80 / per));
    for (let i = 0; i < view.length; i++) {
      if ((start + i) % every) continue;
      const x = Math.round(xOf(i)) + 0.5;
      ctx.beginPath(); ctx.moveTo(x, 0); ctx.lineTo(x, h - axisH); ctx.stroke();
      ctx.fillText(timeLabel(view[i].t, this.interval), x, h - axisH + 3);
    }

    // Volume and candles.
    const volTop = h - axisH - volH;
    for (let i = 0; i < view.length; i++) {
      const c = view[i];
      const x = xOf(i);
      const up = c.c >= c.o;
      ctx.fillStyle = up ? colors.up : colors.down;
      ctx.strokeStyle = ctx.fillStyle;
      ctx.globalAlpha = 0.35;
      const vh = vmax ? (c.v / vmax) * (volH - 2) : 0;
      ctx.fillRect(x - bodyW / 2, volTop + volH - vh, bodyW, vh);
      ctx.globalAlpha = 1;
      ctx.beginPath();
      ctx.moveTo(Math.round(x) + 0.5, yOf(c.h)); ctx.lineTo(Math.round(x) + 0.5, yOf(c.l)); ctx.stroke();
      const yo = yOf(c.o), yc = yOf(c.c);
      ctx.fillRect(x - bodyW / 2, Math.min(yo, yc), bodyW, Math.max(1, Math.abs(yc - yo)));
    }

    // Indicators.
    ctx.lineWidth = 1.5;
    let legendX = 8;
    for (const line of lines) {
      ctx.strokeStyle = line.color; ctx.beginPath();
      let started = false;
      for (let i = start; i < end; i++) {
        const v = line.data[i];
        if (v === null) continue;
        const x = xOf(i - start), y = yOf(v);
        if (started) ctx.lineTo(x, y); else { ctx.moveTo(x, y); started = true; }
      }
      ctx.stroke();
      ctx.fillStyle = line.color; ctx.textAlign = "left"; ctx.textBaseline = "top";
      ctx.fillText(line.label, legendX, 22);
      legendX += ctx.measureText(line.label).width + 12;
    }

    // Last price line.
    const last = this.candles[n - 1];
    const ly = Math.round(yOf(last.c)) + 0.5;
    if (ly > 0 && ly < priceH) {
      const col = last.c >= last.o ? colors.up : colors.down;
      ctx.setLineDash([4, 3]); ctx.strokeStyle = col; ctx.lineWidth = 1;
      ctx.beginPath(); ctx.moveTo(0, ly); ctx.lineTo(plotW, ly); ctx.stroke(); ctx.setLineDash([]);
      ctx.fillStyle = col; ctx.fillRect(plotW, ly - 8, axisW, 16);
      ctx.fillStyle = "#fff"; ctx.textAlign = "left"; ctx.textBaseline = "middle";
      ctx.fillText(last.c.toFixed(this.decimals), plotW + 6, ly);
    }

    // Crosshair and OHLC readout.
    const hv = this.hover;
    let shown = last;
    if (hv && hv.x < plotW && hv.y < h - axisH) {
      const i = Math.round(view.length - 0.5 - (plotW - hv.x) / per);
      if (i >= 0 && i < view.length) shown = view[i];
      ctx.strokeStyle = colors.cross; ctx.setLineDash([3, 3]); ctx.lineWidth = 1;
      ctx.beginPath(); ctx.moveTo(0, Math.round(hv.y) + 0.5); ctx.lineTo(plotW, Math.round(hv.y) + 0.5);
      ctx.moveTo(Math.round(hv.x) + 0.5, 0); ctx.lineTo(Math.round(hv.x) + 0.5, h - axisH); ctx.stroke(); ctx.setLineDash([]);
      if (hv.y < priceH) {
        const p = hi - (hv.y - 6) / (priceH - 6) * (hi - lo);
        ctx.fillStyle = colors.fg; ctx.fillRect(plotW, hv.y - 8, axisW, 16);
        ctx.fillStyle = colors.bg; ctx.textAlign = "left"; ctx.textBaseline = "middle";
        ctx.fillText(p.toFixed(this.decimals), plotW + 6, hv.y);
      }
    }
    ctx.fillStyle = colors.text; ctx.textAlign = "left"; ctx.textBaseline = "top";
    const d = this.decimals;
    const up = shown.c >= shown.o;
    const parts = [["O", shown.o.toFixed(d)], ["H", shown.h.toFixed(d)], ["L", shown.l.toFixed(d)], ["C", shown.c.toFixed(d)], ["V", fmtVol(shown.v)]];
    let x = 8;
    for (const [k, val] of parts) {
      ctx.fillStyle = colors.text; ctx.fillText(k, x, 6); x += ctx.measureText(k + " ").width;
      ctx.fillStyle = up ? colors.up : colors.down; ctx.fillText(val, x, 6); x += ctx.measureText(val + "  ").width;
    }

    if (this.overlay) {
      ctx.font = "bold 28px system-ui, sans-serif";
      ctx.fillStyle = colors.down; ctx.globalAlpha = 0.8; ctx.textAlign = "center"; ctx.textBaseline = "middle";
      ctx.fillText(this.overlay, plotW / 2, priceH / 2);
      ctx.globalAlpha = 1;
    }
  }
}

function fmtVol(v) {
  if (v >= 1e6) return (v / 1e6).toFixed(2) + "M";
  if (v >= 1e3) return (v / 1e3).toFixed(1) + "K";
  return v >= 100 ? v.toFixed(0) : String(+v.toFixed(4));
}

function timeLabel(t, interval) {
  const d = new Date(t * 1000);
  const p = (n) => String(n).padStart(2, "0");
  if (interval === "1d") return `${d.getMonth() + 1}/${d.getDate()}`;
  if (interval === "1s") return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  return `${p(d.getHours())}:${p(d.getMinutes())}`;
}

function niceTicks(lo, hi, count) {
  const span = hi - lo;
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) || raw;
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi; v += step) out.push(v);
  return out;
}
