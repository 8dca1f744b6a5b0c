#!/usr/bin/env python3
"""Independent reference values for the MarketCore indicator tests.

Plain Python, no libraries: every value is computed from its textbook definition over the whole
window (not incrementally, unlike the Swift code), so a bug in the ring buffers or running sums of
the Swift indicators cannot be mirrored here. Run it with `python3 reference_indicators.py`; its
output was pasted into IndicatorReferenceVectors.swift.

Conventions (the same as the Swift indicators document):
- SMA(n): mean of the last n closes.
- EMA(n): alpha = 2 / (n + 1), seeded with the SMA of the first n closes (first value at close n).
- RSI(n): Wilder. First averages are the plain means of the first n gains and losses (first value
  at close n + 1), then avg = (avg * (n - 1) + x) / n. RSI = 100 - 100 / (1 + avgGain / avgLoss);
  100 when avgLoss == 0 < avgGain, 50 when both are 0.
- MACD(f, s, g): line = EMA(f) - EMA(s) of the closes; signal = EMA(g) of the line, seeded with the
  SMA of its first g values; histogram = line - signal.
- Bollinger(n, k): middle = SMA(n); population standard deviation (divide by n); bands = middle +- k sd.
- ATR(n): true range = high - low for the first bar, else max(h - l, |h - prev close|, |l - prev close|);
  first ATR = mean of the first n true ranges, then Wilder: atr = (atr * (n - 1) + tr) / n.
"""
import math


def series():
    """A deterministic walk of cent prices from a 32-bit LCG, with a trend, a slide and a flat stretch."""
    state = 12345
    def rnd():
        nonlocal state
        state = (1103515245 * state + 12345) % 2**31
        return state / 2**31
    closes, highs, lows = [], [], []
    cents = 10000
    for i in range(90):
        drift = 12 if i < 30 else (-18 if i < 60 else 0)
        if 70 <= i < 78:
            step = 0  # flat stretch: sd 0 inside Bollinger, no gains/losses for RSI
        else:
            step = drift + int(rnd() * 121) - 60
        cents = max(100, cents + step)
        up = int(rnd() * 40)
        down = int(rnd() * 40)
        closes.append(cents / 100)
        highs.append((cents + up) / 100)
        lows.append((cents - down) / 100)
    return closes, highs, lows


def sma(xs, n):
    return [None if i + 1 < n else sum(xs[i + 1 - n:i + 1]) / n for i in range(len(xs))]


def ema(xs, n):
    """EMA over the non-None values of xs, aligned with xs."""
    out, value, seen, alpha = [], None, [], 2 / (n + 1)
    for x in xs:
        if x is None:
            out.append(None)
            continue
        if value is None:
            seen.append(x)
            if len(seen) == n:
                value = sum(seen) / n
        else:
            value = value + alpha * (x - value)
        out.append(value)
    return out


def rsi(xs, n):
    out = [None] * len(xs)
    gains = [max(xs[i] - xs[i - 1], 0.0) for i in range(1, len(xs))]
    losses = [max(xs[i - 1] - xs[i], 0.0) for i in range(1, len(xs))]
    if len(gains) < n:
        return out
    ag, al = sum(gains[:n]) / n, sum(losses[:n]) / n
    for j in range(n - 1, len(gains)):
        if j >= n:
            ag = (ag * (n - 1) + gains[j]) / n
            al = (al * (n - 1) + losses[j]) / n
        if al == 0:
            out[j + 1] = 100.0 if ag > 0 else 50.0
        else:
            out[j + 1] = 100 - 100 / (1 + ag / al)
    return out


def macd(xs, f, s, g):
    fast, slow = ema(xs, f), ema(xs, s)
    line = [None if b is None else a - b for a, b in zip(fast, slow)]
    signal = ema(line, g)
    return [None if sg is None else (l, sg, l - sg) for l, sg in zip(line, signal)]


def bollinger(xs, n, k):
    out = []
    for i in range(len(xs)):
        if i + 1 < n:
            out.append(None)
            continue
        w = xs[i + 1 - n:i + 1]
        m = sum(w) / n
        sd = math.sqrt(sum((x - m) ** 2 for x in w) / n)
        out.append((m - k * sd, m, m + k * sd, sd))
    return out


def atr(hs, ls, cs, n):
    trs = []
    for i in range(len(cs)):
        if i == 0:
            trs.append(hs[0] - ls[0])
        else:
            pc = cs[i - 1]
            trs.append(max(hs[i] - ls[i], abs(hs[i] - pc), abs(ls[i] - pc)))
    out, value = [], None
    for i, tr in enumerate(trs):
        if i + 1 < n:
            out.append(None)
            continue
        value = sum(trs[:n]) / n if i + 1 == n else (value * (n - 1) + tr) / n
        out.append(value)
    return out


def swift(v):
    if v is None:
        return "nil"
    if isinstance(v, tuple):
        return "(" + ", ".join(repr(x) for x in v) + ")"
    return repr(v)


def emit(name, values, type_name="Double?"):
    print(f"    static let {name}: [{type_name}] = [")
    for i in range(0, len(values), 4):
        print("        " + ", ".join(swift(v) for v in values[i:i + 4]) + ",")
    print("    ]")


if __name__ == "__main__":
    closes, highs, lows = series()
    emit("closes", closes, "Double")
    emit("highs", highs, "Double")
    emit("lows", lows, "Double")
    emit("sma10", sma(closes, 10))
    emit("ema10", ema(closes, 10))
    emit("rsi14", rsi(closes, 14))
    emit("macd12_26_9", macd(closes, 12, 26, 9), "(line: Double, signal: Double, histogram: Double)?")
    emit("bollinger20_2", bollinger(closes, 20, 2), "(lower: Double, middle: Double, upper: Double, sd: Double)?")
    emit("atr14", atr(highs, lows, closes, 14))
    # The StockCharts.com RSI example closes, computed exactly (see the Swift test for why this
    # differs from the rounded spreadsheet in its article).
    sc = [44.34, 44.09, 44.15, 43.61, 44.33, 44.83, 45.10, 45.42, 45.84, 46.08, 45.89, 46.03, 45.61,
          46.28, 46.28, 46.00, 46.03, 46.41, 46.22, 45.64, 46.21, 46.25, 45.71, 46.45, 45.78, 45.35,
          44.03, 44.18, 44.22, 44.57, 43.42, 42.66, 43.13]
    print("    // StockCharts RSI example, rounded to 2 places:",
          ", ".join(f"{v:.2f}" for v in rsi(sc, 14) if v is not None))
