// Small DOM helpers shared by both apps. Every piece of data goes into the page as text
// (textContent / text nodes), never through innerHTML, so user-supplied strings cannot inject markup.

/** Creates an element: el("td", {class: "num", onclick: fn}, "text", child, ...). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "dataset") Object.assign(node.dataset, v);
    else if (k.startsWith("on") && typeof v === "function") node.addEventListener(k.slice(2), v);
    else if (k === "text") node.textContent = v;
    else if (v === true) node.setAttribute(k, "");
    else node.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

/** Replaces the children of `node`. */
export function setChildren(node, ...children) {
  node.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false)
    .map((c) => (c instanceof Node ? c : document.createTextNode(String(c)))));
}

/** A state message row/box: kind is loading | empty | error | unavailable. */
export function stateBox(kind, text) {
  return el("div", { class: `state ${kind}`, role: kind === "error" ? "alert" : "status" }, text);
}

/** A table row spanning all columns with a state message. */
export function stateRow(cols, kind, text) {
  return el("tr", { class: "state-row" }, el("td", { colspan: cols }, stateBox(kind, text)));
}

/** The right message for a failed request: 404 on an admin section means "not on this server yet". */
export function errorState(err, what = "This view") {
  if (err?.status === 404 && err.code === "not_found") return stateBox("unavailable", `${what} is not available on this server yet.`);
  if (err?.status === 0) return stateBox("error", "Disconnected: cannot reach the server. Retrying automatically.");
  return stateBox("error", `${err?.reason || err?.message || "Something went wrong"}${err?.code ? ` (${err.code})` : ""}`);
}

let toastHost = null;
/** Shows a transient message; level info | success | warning | critical | error. */
export function toast(title, body = "", level = "info", ms = 6000) {
  if (!toastHost) {
    toastHost = el("div", { class: "toasts", "aria-live": "polite", role: "status" });
    document.body.append(toastHost);
  }
  const t = el("div", { class: `toast ${level}` }, el("strong", {}, title), body ? el("div", {}, body) : null);
  toastHost.append(t);
  setTimeout(() => t.remove(), ms);
  return t;
}

/**
 * Asks for confirmation in a modal <dialog>. Resolves true only on the confirm button.
 * `details` may be a string or an object (shown as JSON) describing exactly what will change.
 */
export function confirmDialog({ title, message, details, confirmLabel = "Confirm", danger = false }) {
  return new Promise((resolve) => {
    const dlg = el("dialog", { class: "confirm-dialog", "aria-labelledby": "confirm-title" });
    const ok = el("button", { type: "button", class: danger ? "danger" : "primary", "data-action": "confirm" }, confirmLabel);
    const cancel = el("button", { type: "button", "data-action": "cancel" }, "Cancel");
    dlg.append(
      el("div", { class: "dialog-body" },
        el("h3", { id: "confirm-title" }, title),
        message ? el("p", { style: "margin:0" }, message) : null,
        details ? el("pre", {}, typeof details === "string" ? details : JSON.stringify(details, null, 2)) : null),
      el("div", { class: "dialog-actions" }, cancel, ok));
    document.body.append(dlg);
    const done = (v) => { dlg.close(); dlg.remove(); resolve(v); };
    ok.addEventListener("click", () => done(true));
    cancel.addEventListener("click", () => done(false));
    dlg.addEventListener("cancel", (e) => { e.preventDefault(); done(false); });
    dlg.showModal();
    cancel.focus();
  });
}

/** Theme: system by default; the toggle cycles system → light → dark and is remembered. */
export function initTheme(button, onChange) {
  const root = document.documentElement;
  const apply = (mode) => {
    if (mode === "system") root.removeAttribute("data-theme"); else root.dataset.theme = mode;
    const dark = mode === "dark" || (mode === "system" && matchMedia("(prefers-color-scheme: dark)").matches);
    if (button) {
      button.textContent = mode === "system" ? (dark ? "◐ Auto" : "◑ Auto") : dark ? "☾ Dark" : "☀ Light";
      button.title = `Theme: ${mode} (click to change)`;
      button.setAttribute("aria-label", `Theme: ${mode}. Change theme`);
    }
    onChange?.();
  };
  let mode = localStorage.getItem("bourse.theme") || "system";
  apply(mode);
  button?.addEventListener("click", () => {
    mode = { system: "light", light: "dark", dark: "system" }[mode] || "system";
    localStorage.setItem("bourse.theme", mode);
    apply(mode);
  });
}

/** Clears and sets field errors inside a form: `errors` maps field name → message. */
export function showFieldErrors(form, errors = {}, formMessage = "") {
  for (const input of form.querySelectorAll("[name]")) {
    const msg = errors[input.name] || "";
    const slot = form.querySelector(`[data-error-for="${input.name}"]`);
    if (slot) slot.textContent = msg;
    if (msg) input.setAttribute("aria-invalid", "true"); else input.removeAttribute("aria-invalid");
  }
  const general = form.querySelector(".form-error");
  if (general) general.textContent = formMessage;
  const first = form.querySelector('[aria-invalid="true"]');
  if (first) first.focus();
}

/** Shows an ApiError on a form: next to its field when the API names one, else at the top. */
export function showApiError(form, err, aliases = {}) {
  let field = err.field ? (aliases[err.field] || err.field) : null;
  if (!field || !form.querySelector(`[name="${field}"]`)) {
    // No named field: the code often names it ("limit_price_required", "weak_password").
    field = aliases[err.code] || null;
    if (!field) {
      const names = [...new Set([...form.querySelectorAll("[name]")].map((i) => i.name))].sort((a, b) => b.length - a.length);
      field = names.find((n) => err.code && err.code.includes(n)) || null;
    }
  }
  if (field && form.querySelector(`[name="${field}"]`)) showFieldErrors(form, { [field]: err.reason });
  else showFieldErrors(form, {}, err.reason || String(err));
}

/** Debounces calls into one after `ms` of quiet. */
export function debounce(fn, ms) {
  let t = null;
  return (...args) => { clearTimeout(t); t = setTimeout(() => fn(...args), ms); };
}

/** Relative time "5 s ago" / "3 min ago". */
export function ago(ts) {
  const s = Math.round((Date.now() - new Date(ts).getTime()) / 1000);
  if (!isFinite(s)) return "—";
  if (s < 60) return `${Math.max(0, s)} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}
