// The what-if page: plain JavaScript, no outside loads. The page keeps a history of changes
// (prior moves, findings set, regrades, drops...); the change set sent to the server
// ({priors, nodes, evidence, drop, pool, weights}) is made by replaying that history, so any
// single change can be taken back and an empty history is the scenario as loaded, exactly.
"use strict";

const TOKEN = new URLSearchParams(location.search).get("token") || "";
const SVG = "http://www.w3.org/2000/svg";
let setup = null;          // /api/model
let history = [];          // the changes, oldest first
let baseline = null;       // the first answer: the scenario as loaded
let inFlight = false, pending = false, lastAnswer = null, zoom = 1;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  return fill(node, attrs, children);
}

function svg(tag, attrs, ...children) {
  return fill(document.createElementNS(SVG, tag), attrs, children);
}

function fill(node, attrs, children) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.setAttribute("class", value);
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function pct(p) { return (100 * p).toFixed(1) + "%"; }
function human(name) { return String(name).replace(/_/g, " "); }
function label(node) { const n = setup.nodes.find((x) => x.name === node); return n ? n.label : human(node); }
function points(d) {
  const v = 100 * d;
  if (Math.abs(v) < 0.05) return "±0.0 pts";
  return (v > 0 ? "+" : "−") + Math.abs(v).toFixed(1) + " pts";
}

async function api(path, body) {
  const options = { headers: { "X-Forecast-Token": TOKEN } };
  if (body !== undefined) {
    options.method = "POST";
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  const response = await fetch(path, options);
  const data = await response.json();
  if (!response.ok) throw new Error(data.error || response.statusText);
  return data;
}

// ---------------------------------------------------------------- the history and its state

function derive(items) {
  const s = { off: new Set(), regraded: {}, clicked: {}, priors: {}, tables: {}, likelihoods: {},
              pool: null, weights: null };
  for (const c of items) {
    if (c.kind === "prior") s.priors[c.node] = c.dist;
    else if (c.kind === "set") s.clicked[c.node] = { state: c.state, grade: "", doc: "", quote: "" };
    else if (c.kind === "clear") delete s.clicked[c.node];
    else if (c.kind === "clicked-grade" && s.clicked[c.node]) s.clicked[c.node].grade = c.grade;
    else if (c.kind === "clicked-quote" && s.clicked[c.node]) {
      s.clicked[c.node].doc = c.doc; s.clicked[c.node].quote = c.quote;
    } else if (c.kind === "regrade") s.regraded[c.id] = c.grade;
    else if (c.kind === "drop") s.off.add(c.id);
    else if (c.kind === "restore") s.off.delete(c.id);
    else if (c.kind === "likelihood") s.likelihoods[c.id] = c.values;
    else if (c.kind === "table") s.tables[c.node] = c.rows;
    else if (c.kind === "pool") s.pool = c.pool;
    else if (c.kind === "weights") s.weights = c.weights;
  }
  return s;
}

function current() { return derive(history); }

function describe(c) {
  if (c.kind === "prior") return `prior of ${label(c.node)} moved: ` +
    Object.entries(c.dist).map(([k, v]) => `${human(k)} ${pct(v)}`).join(", ");
  if (c.kind === "set") return `finding set: ${label(c.node)} = ${human(c.state)}`;
  if (c.kind === "clear") return `finding cleared on ${label(c.node)}`;
  if (c.kind === "clicked-grade") return `finding on ${label(c.node)} graded ${c.grade || "certain"}`;
  if (c.kind === "clicked-quote") return `quote for the finding on ${label(c.node)}: ${c.doc || "no document"}`;
  if (c.kind === "regrade") return `finding ${c.id} regraded ${c.grade || "certain (no grade)"}`;
  if (c.kind === "drop") return `finding ${c.id} dropped`;
  if (c.kind === "restore") return `finding ${c.id} restored`;
  if (c.kind === "likelihood") return `likelihoods of ${c.id}: ` +
    Object.entries(c.values).map(([k, v]) => `${human(k)} ${v}`).join(", ");
  if (c.kind === "table") return `table of ${label(c.node)} edited`;
  if (c.kind === "pool") return `pool: ${c.pool}`;
  if (c.kind === "weights") return "weights: " + Object.entries(c.weights).map(([k, v]) => `${k}=${v}`).join(", ");
  return c.kind;
}

// a prior being dragged replaces its own last entry rather than pile up; a change that
// repeats the last one exactly (a second change event for one edit) is not a new change
function record(change) {
  const last = history[history.length - 1];
  if (last && JSON.stringify(Object.assign({}, last, { live: undefined })) ===
      JSON.stringify(Object.assign({}, change, { live: undefined }))) return;
  const dragging = last && last.live && last.kind === "prior" && change.kind === "prior" && last.node === change.node;
  if (dragging) history[history.length - 1] = change; else history.push(change);
  changed();
}

function undo(index) {
  if (index === undefined) history.pop(); else history.splice(index, 1);
  changed();
}

function changes() {
  const s = current();
  const drop = [], evidence = [];
  for (const f of setup.findings) {
    const replaced = f.node in s.clicked;
    const off = s.off.has(f.id);
    const regraded = f.id in s.regraded;
    const soft = f.id in s.likelihoods;
    if (off || replaced || regraded || soft) drop.push(f.id);
    if (!off && !replaced && (regraded || soft)) {
      const written = JSON.parse(JSON.stringify(f.written));
      if (regraded) { if (s.regraded[f.id]) written.grade = s.regraded[f.id]; else delete written.grade; }
      if (soft) written.likelihood = s.likelihoods[f.id];
      evidence.push(written);
    }
  }
  for (const [node, c] of Object.entries(s.clicked)) {
    const finding = { node: node, state: c.state };
    if (c.grade) finding.grade = c.grade;
    if (c.doc && c.quote) finding.source = { doc: c.doc, quote: c.quote };
    finding.note = "set on the what-if page";
    evidence.push(finding);
  }
  const nodes = {};
  for (const [node, rows] of Object.entries(s.tables)) nodes[node] = { table: rows };
  const body = { priors: s.priors, nodes: nodes, evidence: evidence, drop: drop };
  if (s.pool) body.pool = s.pool;
  if (s.weights) body.weights = s.weights;
  return body;
}

async function update() {
  if (inFlight) { pending = true; return; }
  inFlight = true;
  try {
    const answer = await api("api/page", changes());
    if (!baseline) baseline = answer;
    lastAnswer = answer;
    showError(null);
    render(answer);
  } catch (err) {
    showError(err.message);
  } finally {
    inFlight = false;
    if (pending) { pending = false; update(); } else { document.body.dataset.ready = "1"; }
  }
}

function changed() {
  document.body.dataset.ready = "";
  renderControls();
  update();
}

function showError(message) {
  const box = document.getElementById("error");
  box.hidden = !message;
  box.textContent = message ? "Not applied: " + message : "";
}

// ---------------------------------------------------------------- rendering the answer

function render(answer) {
  const run = answer.run;
  const warnings = document.getElementById("warnings");
  const list = run.warnings || [];
  warnings.replaceChildren();
  if (list.length) {
    warnings.append(el("strong", { text: "Warnings from the run (read before relying on the numbers):" }),
      el("ul", {}, list.map((w) => el("li", { "data-warning": w.kind || "warning" },
        el("strong", { text: human(w.kind || "warning") + ": " }), typeof w === "string" ? w : w.message))));
  }
  warnings.hidden = !list.length;
  const v = run.verification || {};
  const draft = document.getElementById("draft");
  draft.hidden = !v.draft;
  draft.dataset.draft = v.draft ? "1" : "";
  draft.textContent = v.draft ? `DRAFT: ${(v.unverified || []).length} of ${v.checked} quotes not verified ` +
    "(not found in their documents): " + (v.unverified || []).map((u) => `“${u.quote}” (${u.doc})`).join("; ") : "";
  const adjustments = (run.adjustments || []).map(describeAdjustment);
  document.getElementById("adjustments").textContent =
    adjustments.length ? "Adjustments in force: " + adjustments.join("; ") : "Adjustments in force: none";
  document.getElementById("pooled-note").textContent = answer.on ? `Numbers: ${answer.on}.` : "";
  renderTargets(run);
  document.getElementById("timing").textContent = `server time for this change: ${answer.server_ms} ms`;
  renderImpact(answer.impact);
  renderDrivers(answer.drivers);
  renderGraph(answer);
  renderList(answer);
}

function describeAdjustment(item) {
  if (item.kind === "scenario prior") return `scenario prior on ${item.node}`;
  if (item.kind === "--set") return `prior set on the page: ${item.text}`;
  if (!item.file) return `tables edited on the page: ${(item.nodes || []).join(", ")}`;
  const who = `analyst ${item.analyst} (${item.date || "undated"})`;
  const nodes = item.nodes || [];
  return nodes.length ? `${who}: own numbers for ${nodes.join(", ")}` : `${who}: the model's own numbers, none replaced`;
}

function base(node, s) {
  return baseline && baseline.marginals[node] ? baseline.marginals[node][s] : null;
}

function renderTargets(run) {
  const box = document.getElementById("targets");
  box.replaceChildren();
  for (const target of run.targets) {
    const rows = Object.entries(run.posteriors[target]).map(([s, p]) => {
      const b = baseline ? baseline.run.posteriors[target][s] : p;
      return el("div", { class: "bar-row", "data-target": target, "data-state": s, "data-p": p, "data-baseline": b },
        el("span", { text: human(s) }),
        el("div", { class: "bar" }, barFill(p), baseMark(b)),
        el("span", {}, el("span", { class: "value", text: pct(p) }), " ",
          el("span", { class: "delta", text: points(p - b) }), " ",
          el("span", { class: "words", text: run.estimative[target][s] })));
    });
    box.append(el("div", { class: "target" }, el("h3", { text: run.labels[target] || target }), rows,
      ...outsideLines(run, target)));
  }
}

// The outside view on this target: each base rate and view on its event, beside the model.
function outsideLines(run, target) {
  const gap = (item) => item.model === null ? "" :
    `; model ${pct(item.model)}, ${item.gap_points >= 0 ? "+" : "−"}${Math.abs(item.gap_points).toFixed(1)} pts`;
  const rates = (run.base_rates || []).filter((r) => r.node === target).map((r) =>
    el("p", { class: "muted outside", "data-base-rate": r.id,
      text: `base rate ${r.id}: ${r.event.map(human).join(" or ")} ${pct(r.p.mean)} ` +
        `(90%: ${pct(r.p.low)}–${pct(r.p.high)}) over ${r.days} days, ${r.events} of ${r.cases} cases${gap(r)}` }));
  const views = (run.views || []).filter((v) => v.node === target).map((v) =>
    el("p", { class: "muted outside", "data-view": v.id,
      text: `view ${v.who || v.id}: ${v.event.map(human).join(" or ")} ${pct(v.p)}` +
        (v.by ? ` by ${v.by}` : " (undated)") + gap(v) }));
  return [...rates, ...views];
}

function barFill(p) {
  const span = el("span", { class: "fill" });
  span.style.width = (100 * p).toFixed(2) + "%";
  return span;
}

function baseMark(b) {
  const mark = el("i", { class: "base", title: `as loaded: ${pct(b)}` });
  mark.style.left = (100 * b).toFixed(2) + "%";
  return mark;
}

function renderImpact(impact) {
  const box = document.getElementById("impact");
  const lead = impact.lead;
  document.getElementById("impact-lead").textContent =
    `on P(${human(lead)}) of ${label(impact.target)}: ${pct(impact.prior[lead])} before evidence, ${pct(impact.posterior[lead])} after`;
  const head = el("tr", {}, el("th", { text: "finding" }), el("th", { text: "grade" }),
    el("th", { class: "num", text: "without it" }), el("th", { class: "num", text: "shift" }));
  const rows = impact.evidence.map((item) => el("tr", { "data-impact": item.node },
    el("td", { text: `${label(item.node)} = ${item.state ? human(item.state) : "(likelihood)"}` }),
    el("td", { text: item.grade || (item.state ? "certain" : "soft") }),
    el("td", { class: "num", text: pct(item.without[lead]) }),
    el("td", { class: "num", text: points(item.shift[lead]) })));
  box.replaceChildren(rows.length ? el("table", {}, head, rows) : el("p", { class: "muted", text: "No evidence in force." }));
}

function renderDrivers(drivers) {
  document.getElementById("drivers-target").textContent =
    `of P(${drivers.label || drivers.target} = ${human(drivers.state)}) = ${pct(drivers.baseline)}; ` +
    `each number over its ${Math.round(100 * (drivers.level || 0.9))}% credible range`;
  const head = el("tr", {}, el("th", { text: "number" }), el("th", { class: "num", text: "value" }),
    el("th", { class: "num", text: "range" }), el("th", { class: "num", text: "P low → high" }),
    el("th", { class: "num", text: "swing" }));
  const rows = drivers.parameters.map((p) => {
    const prob = ["prior", "table", "leak", "effect"].includes(p.kind);
    const fmt = (x) => (prob ? pct(x) : Number(x).toPrecision(3));
    const ends = (p.low === null ? "–" : pct(p.low)) + " → " + (p.high === null ? "–" : pct(p.high));
    return el("tr", { "data-driver": p.node },
      el("td", {}, el("strong", { text: p.what }), el("br"), el("span", { class: "muted", text: p.where })),
      el("td", { class: "num", text: fmt(p.value) }),
      el("td", { class: "num", text: `${fmt(p.sweep[0])}–${fmt(p.sweep[1])}` }),
      el("td", { class: "num", text: ends }),
      el("td", { class: "num", "data-swing": p.swing, text: p.swing === null ? "–" : (100 * p.swing).toFixed(1) + " pts" }));
  });
  document.getElementById("drivers").replaceChildren(el("table", {}, head, rows));
}

// ---------------------------------------------------------------- the network, drawn

function evidenceOn(answer) {
  const on = {};
  for (const item of answer.run.evidence || []) {
    const what = item.state ? human(item.state) : "soft finding";
    on[item.node] = (on[item.node] ? on[item.node] + "; " : "") + what + (item.grade ? ` [${item.grade}]` : "");
  }
  return on;
}

function buildGraph() {
  const g = setup.graph;
  const root = document.getElementById("graph");
  root.setAttribute("viewBox", `0 0 ${g.width} ${g.height}`);
  root.replaceChildren();
  root.append(svg("defs", {}, svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5,
    markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" }, svg("path", { d: "M0,0 L10,5 L0,10 z", fill: "#8a8a8a" }))));
  const edges = svg("g", { class: "edges" });
  for (const e of g.edges) {
    edges.append(svg("path", { d: e.d, class: "edge", "marker-end": e.arrow ? "url(#arrow)" : null,
      "data-from": e.from, "data-to": e.to }));
  }
  root.append(edges);
  const targets = new Set(setup.targets);
  for (const node of setup.nodes) {
    const box = g.nodes[node.name];
    const group = svg("g", { class: "gnode" + (targets.has(node.name) ? " target" : ""), "data-graph-node": node.name });
    group.append(svg("title", { text: `${node.label} (${node.name})` }));
    group.append(svg("rect", { class: "box", x: box.x, y: box.y, width: box.w, height: box.h, rx: 5 }));
    group.append(svg("rect", { class: "header", x: box.x, y: box.y, width: box.w, height: box.header, rx: 5 }));
    box.title.forEach((line, i) => group.append(svg("text", { class: "title", x: box.x + box.pad, y: box.title_y[i], text: line })));
    group.append(svg("text", { class: "subtitle", x: box.x + box.pad, y: box.subtitle_y, text: node.name }));
    const track = box.w - 2 * box.pad;
    for (const row of box.states) {
      const bar = svg("g", { class: "sbar", "data-node": node.name, "data-state": row.state, role: "button", tabindex: 0,
        "aria-label": `${node.label}: ${human(row.state)}`,
        onclick: () => clickState(node.name, row.state),
        onkeydown: (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); clickState(node.name, row.state); } } });
      bar.append(svg("rect", { class: "hit", x: box.x + 1, y: row.top, width: box.w - 2, height: row.height }));
      bar.append(svg("text", { class: "sname", x: box.x + box.pad, y: row.text, text: human(row.state) }));
      bar.append(svg("text", { class: "sval", x: box.x + box.w - box.pad, y: row.text, "text-anchor": "end" }));
      bar.append(svg("rect", { class: "track", x: box.x + box.pad, y: row.bar, width: track, height: box.bar_height }));
      bar.append(svg("rect", { class: "fill", x: box.x + box.pad, y: row.bar, width: 0, height: box.bar_height }));
      bar.append(svg("line", { class: "base", x1: box.x + box.pad, x2: box.x + box.pad, y1: row.bar - 2, y2: row.bar + box.bar_height + 2 }));
      group.append(bar);
    }
    root.append(group);
  }
  setZoom(1);
}

function renderGraph(answer) {
  const on = evidenceOn(answer);
  const s = current();
  const g = setup.graph;
  for (const node of setup.nodes) {
    const box = g.nodes[node.name];
    const group = document.querySelector(`g[data-graph-node="${node.name}"]`);
    group.classList.toggle("evidence", node.name in on);
    group.classList.toggle("edited", node.name in s.priors || node.name in s.tables);
    const tags = [node.name];
    if (on[node.name]) tags.push("evidence: " + on[node.name]);
    if (setup.targets.includes(node.name)) tags.push("target");
    group.querySelector("text.subtitle").textContent = tags.join(" · ");
    const track = box.w - 2 * box.pad;
    const clicked = s.clicked[node.name];
    for (const bar of group.querySelectorAll("g.sbar")) {
      const st = bar.dataset.state;
      const p = answer.marginals[node.name][st];
      const b = base(node.name, st);
      bar.dataset.prob = p;
      bar.dataset.baseline = b;
      bar.classList.toggle("clicked", Boolean(clicked && clicked.state === st));
      bar.querySelector("rect.fill").setAttribute("width", (track * Math.min(1, Math.max(0, p))).toFixed(2));
      const x = box.x + box.pad + track * Math.min(1, Math.max(0, b));
      const line = bar.querySelector("line.base");
      line.setAttribute("x1", x.toFixed(2)); line.setAttribute("x2", x.toFixed(2));
      const d = p - b;
      bar.querySelector("text.sval").textContent = pct(p) + (Math.abs(d) >= 0.0005 ? "  " + points(d) : "");
      bar.querySelector("text.sval").classList.toggle("moved", Math.abs(d) >= 0.0005);
    }
  }
}

function clickState(node, st) {
  const s = current();
  if (s.clicked[node] && s.clicked[node].state === st) { record({ kind: "clear", node: node }); return; }
  if (!s.clicked[node]) {  // the state the scenario's evidence already gives: clicking drops it
    const active = setup.findings.filter((f) => f.node === node && !s.off.has(f.id));
    if (active.length && active.every((f) => f.state === st)) {
      for (const f of active) history.push({ kind: "drop", id: f.id });
      changed();
      return;
    }
  }
  record({ kind: "set", node: node, state: st });
}

function setZoom(z) {
  zoom = Math.min(3, Math.max(0.15, z));
  const g = setup.graph, root = document.getElementById("graph");
  root.setAttribute("width", (g.width * zoom).toFixed(0));
  root.setAttribute("height", (g.height * zoom).toFixed(0));
  document.getElementById("zoom-level").textContent = `${Math.round(zoom * 100)}%`;
}

function fitZoom() {
  const box = document.getElementById("graph-box");
  setZoom(Math.min(box.clientWidth / setup.graph.width, box.clientHeight / setup.graph.height));
}

function panAndZoom() {
  const box = document.getElementById("graph-box");
  let drag = null;
  box.addEventListener("pointerdown", (e) => {
    if (e.target.closest("g.sbar")) return;
    drag = { x: e.clientX, y: e.clientY, left: box.scrollLeft, top: box.scrollTop };
    box.classList.add("panning");
  });
  window.addEventListener("pointermove", (e) => {
    if (!drag) return;
    box.scrollLeft = drag.left - (e.clientX - drag.x);
    box.scrollTop = drag.top - (e.clientY - drag.y);
  });
  window.addEventListener("pointerup", () => { drag = null; box.classList.remove("panning"); });
  box.addEventListener("wheel", (e) => {
    if (!e.ctrlKey) return;
    e.preventDefault();
    const rect = box.getBoundingClientRect();
    const fx = (box.scrollLeft + e.clientX - rect.left) / zoom, fy = (box.scrollTop + e.clientY - rect.top) / zoom;
    setZoom(zoom * (e.deltaY < 0 ? 1.15 : 1 / 1.15));
    box.scrollLeft = fx * zoom - (e.clientX - rect.left);
    box.scrollTop = fy * zoom - (e.clientY - rect.top);
  }, { passive: false });
  document.getElementById("zoom-in").addEventListener("click", () => setZoom(zoom * 1.25));
  document.getElementById("zoom-out").addEventListener("click", () => setZoom(zoom / 1.25));
  document.getElementById("zoom-fit").addEventListener("click", fitZoom);
  document.getElementById("zoom-reset").addEventListener("click", () => setZoom(1));
}

// ---------------------------------------------------------------- the list view (accessible)

function renderList(answer) {
  for (const [node, dist] of Object.entries(answer.marginals)) {
    for (const [s, p] of Object.entries(dist)) {
      const chip = document.querySelector(`.state[data-list-node="${node}"][data-list-state="${s}"]`);
      if (!chip) continue;
      const b = base(node, s);
      chip.querySelector(".p").textContent = pct(p) + (Math.abs(p - b) >= 0.0005 ? " (" + points(p - b) + ")" : "");
      chip.dataset.p = p;
    }
  }
}

function buildNodes() {
  const box = document.getElementById("nodes");
  box.replaceChildren();
  for (const node of setup.nodes) {
    const chips = node.states.map((s) => el("button", { type: "button", class: "state", "data-list-node": node.name,
      "data-list-state": s, onclick: () => clickState(node.name, s) }, human(s) + " ", el("span", { class: "p", text: "" })));
    const parts = [el("h3", {}, node.label + " ", el("span", { class: "kind", text: `${node.name} · ${node.kind}` +
      (node.observable ? " · observable" : "") })), el("div", { class: "states" }, chips)];
    if (!node.parents.length) parts.push(priorEditor(node));
    else if (!setup.pooled.length) parts.push(tableEditor(node));
    box.append(el("div", { class: "node", "data-list": node.name }, parts));
  }
}

function currentPrior(node) {
  const s = current();
  if (s.priors[node.name]) return s.priors[node.name];
  const out = {};
  node.states.forEach((st, i) => { out[st] = node.rows[0].p[i]; });
  return out;
}

// one value moved: the others share the rest in proportion (as --set does)
function moved(dist, key, value) {
  const out = {};
  const rest = Object.keys(dist).filter((k) => k !== key);
  const others = rest.reduce((a, k) => a + dist[k], 0);
  out[key] = value;
  for (const k of rest) out[k] = others > 0 ? (1 - value) * dist[k] / others : (1 - value) / rest.length;
  return out;
}

function priorEditor(node) {
  const rows = node.states.map((s) => el("div", { class: "prior-row", "data-state": s },
    el("span", { text: "prior " + human(s) }),
    el("input", { type: "range", min: 0, max: 1000, step: 1, "data-prior": `${node.name}:${s}`,
      "aria-label": `prior of ${node.label}: ${human(s)}`,
      oninput: (e) => record({ kind: "prior", node: node.name, dist: moved(currentPrior(node), s, Number(e.target.value) / 1000), live: true }),
      onchange: () => { const last = history[history.length - 1]; if (last) delete last.live; } }),
    el("output", { text: "" })));
  return el("div", { class: "prior" }, rows);
}

function tableEditor(node) {
  const details = el("details", {}, el("summary", { text: `edit the table (${node.rows.length} rows)` +
    (node.kind !== "table" ? `: editing turns this ${node.kind} node into a table in your overlay` : "") }));
  details.addEventListener("toggle", () => {
    if (!details.open || details.querySelector("table")) return;
    const head = el("tr", {}, el("th", { text: "given" }), node.states.map((s) => el("th", { class: "num", text: human(s) })));
    const rows = node.rows.map((row, r) => el("tr", {},
      el("td", { text: Object.entries(row.given).map(([k, v]) => `${k}=${v}`).join(", ") }),
      node.states.map((s, i) => el("td", { class: "num" }, el("input", { type: "number", min: 0, max: 1, step: 0.01,
        value: row.p[i], "data-cell": `${node.name}:${r}:${s}`,
        onchange: (e) => editCell(node, r, i, e.target) })))));
    details.append(el("table", { class: "cpt" }, head, rows));
  });
  return details;
}

function editCell(node, r, i, input) {
  const value = Math.min(1, Math.max(0, Number(input.value)));
  if (!Number.isFinite(value)) return;
  const s = current();
  const rows = (s.tables[node.name] || node.rows).map((row) => ({ given: row.given, p: row.p.slice() }));
  const dist = {};
  node.states.forEach((st, k) => { dist[st] = rows[r].p[k]; });
  const next = moved(dist, node.states[i], value);
  rows[r] = { given: rows[r].given, p: node.states.map((st) => next[st]) };
  const cells = input.closest("tr").querySelectorAll("input");
  cells.forEach((cell, k) => { cell.value = Number(rows[r].p[k].toFixed(6)); });
  history.push({ kind: "table", node: node.name, rows: rows });
  changed();
}

// ---------------------------------------------------------------- findings, history, analysts

function renderControls() {
  const s = current();
  renderFindings(s);
  renderHistory();
  renderAnalysts(s);
  for (const node of setup.nodes) {
    const card = document.querySelector(`.node[data-list="${node.name}"]`);
    card.classList.toggle("edited", node.name in s.priors || node.name in s.tables);
    for (const chip of card.querySelectorAll(".state")) {
      chip.classList.toggle("clicked", Boolean(s.clicked[node.name] && s.clicked[node.name].state === chip.dataset.listState));
    }
    const prior = currentPrior(node);
    for (const row of card.querySelectorAll(".prior-row")) {
      const p = prior[row.dataset.state];
      const input = row.querySelector("input");
      if (document.activeElement !== input) input.value = Math.round(p * 1000);
      row.querySelector("output").textContent = pct(p);
    }
    if (!(node.name in s.tables)) {
      for (const cell of card.querySelectorAll("input[data-cell]")) {
        const [, r, st] = cell.dataset.cell.split(":");
        cell.value = node.rows[Number(r)].p[node.states.indexOf(st)];
      }
    }
  }
  document.querySelector("[data-action='undo']").disabled = !history.length;
  document.getElementById("reset").disabled = !history.length;
}

function gradeSelect(value, attrs, onchange) {
  const select = el("select", Object.assign({ onchange: (e) => onchange(e.target.value) }, attrs),
    el("option", { value: "", text: "certain (no grade)" }),
    setup.grades.map((g) => el("option", { value: g, text: g })));
  select.value = value || "";
  return select;
}

function renderFindings(s) {
  const box = document.getElementById("findings");
  box.replaceChildren();
  for (const [node, c] of Object.entries(s.clicked)) {
    const doc = el("select", { "data-quote-doc": node }, el("option", { value: "", text: "document…" }),
      setup.documents.map((d) => el("option", { value: d.id, text: d.id })));
    doc.value = c.doc || "";
    const quote = el("textarea", { "data-quote": node, rows: 2, placeholder: "optional: the passage, verbatim" });
    quote.value = c.quote || "";
    const apply = el("button", { type: "button", "data-action": "quote",
      onclick: () => record({ kind: "clicked-quote", node: node, doc: doc.value, quote: quote.value.trim() }) }, "check quote");
    box.append(el("div", { class: "finding clicked", "data-clicked": node },
      el("strong", { text: `${label(node)} = ${human(c.state)}` }), el("span", { class: "muted", text: " (set on the page) " }),
      el("label", {}, "grade ", gradeSelect(c.grade, { "data-clicked-grade": node },
        (g) => record({ kind: "clicked-grade", node: node, grade: g }))),
      " ", el("button", { type: "button", onclick: () => record({ kind: "clear", node: node }) }, "clear"),
      el("div", { class: "quote-edit" }, doc, quote, apply)));
  }
  for (const f of setup.findings) {
    const replaced = f.node in s.clicked;
    const off = s.off.has(f.id) || replaced;
    const check = el("input", { type: "checkbox", "data-finding": f.id, checked: !off, disabled: replaced,
      onchange: (e) => record({ kind: e.target.checked ? "restore" : "drop", id: f.id }) });
    const parts = [el("label", {}, check, " ", el("strong", { text: `${label(f.node)}` }),
      el("span", { class: "muted", text: ` (${f.id})` }))];
    if (f.state) {
      const grade = f.id in s.regraded ? s.regraded[f.id] : (f.grade || "");
      parts.push(" = ", el("strong", { text: human(f.state) }), " ",
        el("label", {}, "grade ", gradeSelect(grade, { "data-grade": f.id, disabled: off },
          (g) => record({ kind: "regrade", id: f.id, grade: g }))));
    } else {
      parts.push(el("span", { class: "soft" }, " soft finding (a likelihood per state; no grade: it already says what the report is worth)"));
      const values = s.likelihoods[f.id] || f.likelihood;
      parts.push(el("div", { class: "likelihoods" }, Object.keys(values).map((st) =>
        el("label", {}, human(st) + " ", el("input", { type: "number", min: 0, step: 0.05, value: values[st], disabled: off,
          "data-likelihood": `${f.id}:${st}`,
          onchange: (e) => {
            const v = Number(e.target.value);
            const next = Object.assign({}, s.likelihoods[f.id] || f.likelihood);
            next[st] = v;
            record({ kind: "likelihood", id: f.id, values: next });
          } })))));
    }
    if (replaced) parts.push(el("div", { class: "muted", text: "(replaced by the finding set on the page)" }));
    if (f.source) {
      const via = (f.written.source && f.written.source.via) || [];
      parts.push(el("div", { class: "quote", text: `“${f.source.quote}” (${f.source.doc}` +
        (f.source.speaker ? `, ${f.source.speaker}` : "") + ")" }));
      if (via.length) parts.push(el("div", { class: "muted", "data-via": f.id, text: "via " + via.map((r) => `${r.name} (${r.reliability})`).join(" → ") }));
    }
    box.append(el("div", { class: "finding" + (off ? " off" : ""), "data-finding-row": f.id }, parts));
  }
  if (setup.scenario.quiet_since) {
    box.append(el("p", { class: "muted", "data-quiet-since": setup.scenario.quiet_since,
      text: `quiet since ${setup.scenario.quiet_since}: nothing above the first state happened from then to the snapshot` }));
  }
}

function renderHistory() {
  const box = document.getElementById("history");
  box.replaceChildren(history.length ? el("ol", {}, history.map((c, i) =>
    el("li", { "data-change": i }, describe(c), " ",
      el("button", { type: "button", class: "link", "data-action": "undo-one", "data-index": i,
        onclick: () => undo(i) }, "undo this")))) :
    el("p", { class: "muted", text: "No changes: the scenario as loaded." }));
}

function renderAnalysts(s) {
  const box = document.getElementById("analysts");
  if (!setup.pooled.length) { box.hidden = true; return; }
  box.hidden = false;
  const body = document.getElementById("analysts-body");
  const pool = el("select", { "data-pool": "", onchange: (e) => record({ kind: "pool", pool: e.target.value }) },
    el("option", { value: "linear", text: "linear (weighted mean)" }), el("option", { value: "log", text: "log (weighted geometric mean)" }));
  pool.value = s.pool || "linear";
  const weights = s.weights || {};
  const rows = setup.pooled.map((a) => el("label", { class: "weight" }, `${a.name} `,
    el("input", { type: "number", min: 0, step: 0.5, value: a.name in weights ? weights[a.name] : 1, "data-weight": a.name,
      onchange: () => {
        const next = {};
        for (const input of body.querySelectorAll("input[data-weight]")) next[input.dataset.weight] = Number(input.value);
        record({ kind: "weights", weights: next });
      } }),
    a.rationale ? el("span", { class: "muted", text: ` ${a.rationale}` }) : null));
  body.replaceChildren(el("label", {}, "pool ", pool), el("div", {}, rows));
}

// ---------------------------------------------------------------- saving

async function save(kind, form) {
  const data = Object.fromEntries(new FormData(form).entries());
  const body = { changes: changes(), name: data.name, overwrite: Boolean(data.overwrite) };
  if (kind === "overlay") { body.analyst = data.analyst; body.rationale = data.rationale; }
  else { body.id = data.id; body.title = data.title; }
  const out = document.getElementById("saved");
  try {
    const answer = await api(`api/save/${kind}`, body);
    out.textContent = `Saved ${answer.kind}: ${answer.path}` + (answer.notes.length ? ` (${answer.notes.join("; ")})` : "");
    out.dataset.path = answer.path;
  } catch (err) {
    out.textContent = "Not saved: " + err.message;
    out.dataset.path = "";
  }
}

async function start() {
  try {
    setup = await api("api/model");
  } catch (err) {
    showError(err.message);
    return;
  }
  document.getElementById("title").textContent = setup.model.title;
  const s = setup.scenario;
  document.getElementById("context").textContent =
    `${s.title} (${s.id}) · as of ${s.as_of}` + (s.horizon ? ` · horizon ${s.horizon}` : "") +
    ` · model ${setup.model.id}` + (setup.analyst ? ` · starting from analyst ${setup.analyst.name}'s numbers` : "") +
    (setup.pooled.length ? ` · pooling ${setup.pooled.map((a) => a.name).join(", ")}` : "");
  if (setup.analyst) document.querySelector("#save-overlay input[name=analyst]").value = setup.analyst.name;
  document.querySelector("#save-scenario input[name=id]").value = `${s.id}_whatif`;
  document.getElementById("save-overlay").addEventListener("submit", (e) => { e.preventDefault(); save("overlay", e.target); });
  document.getElementById("save-scenario").addEventListener("submit", (e) => { e.preventDefault(); save("scenario", e.target); });
  document.getElementById("reset").addEventListener("click", () => { history = []; changed(); });
  document.querySelector("[data-action='undo']").addEventListener("click", () => { if (history.length) undo(); });
  buildNodes();
  buildGraph();
  renderBoard(setup.board);
  panAndZoom();
  changed();
}

// the indicator board of the scenario as loaded (forecast board): quiet, moving or tripped
function renderBoard(board) {
  const box = document.getElementById("board");
  box.replaceChildren();
  if (!board || !board.indicators.length) {
    box.append(el("p", { class: "muted", text: "No observable indicators in this model." }));
    return;
  }
  const event = board.event.states.map(human).join(" or ");
  box.append(el("p", { class: "muted", text:
    `Tripped: its findings move P(${human(board.event.target)} is ${event}) by ` +
    `${(100 * board.threshold).toFixed(0)} points or more; moving: less; quiet: no finding.` }));
  const rows = board.indicators.map((r) => el("tr", { "data-board-node": r.node, "data-status": r.status },
    el("td", { text: r.label }),
    el("td", { class: "status " + r.status, text: r.status }),
    el("td", { class: "num", text: r.shift === null ? "" : points(r.shift) }),
    el("td", { class: "muted", text: r.passage ? r.passage.quote || "" : "" })));
  box.append(el("table", { class: "board" },
    el("thead", {}, el("tr", {}, ...["Indicator", "Status", "Shift", "Passage behind it"].map((t) => el("th", { text: t })))),
    el("tbody", {}, ...rows)));
}

document.addEventListener("DOMContentLoaded", start);
