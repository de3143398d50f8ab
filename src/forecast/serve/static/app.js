// The what-if page: plain JavaScript, no outside loads. Every change is sent to the server as
// one change set ({priors, nodes, evidence, drop}); the server answers with the run, every
// node's probabilities, each finding's impact and the biggest drivers.
"use strict";

const TOKEN = new URLSearchParams(location.search).get("token") || "";
let setup = null;          // /api/model
const state = {
  off: new Set(),          // finding ids switched off
  regraded: {},            // finding id -> grade ("" = certain)
  clicked: {},             // node -> state set on the page
  priors: {},              // root node -> {state: p}, full vectors
  tables: {},              // node -> [{given, p}], whole tables
};
let inFlight = false, pending = false, lastAnswer = null;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
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

function changes() {
  const drop = [], evidence = [];
  for (const f of setup.findings) {
    const replaced = f.node in state.clicked;
    const off = state.off.has(f.id);
    const regraded = f.id in state.regraded;
    if (off || replaced || regraded) drop.push(f.id);
    if (!off && !replaced && regraded) {
      const written = Object.assign({}, f.written);
      if (state.regraded[f.id]) written.grade = state.regraded[f.id]; else delete written.grade;
      evidence.push(written);
    }
  }
  for (const [node, value] of Object.entries(state.clicked)) {
    evidence.push({ node: node, state: value, note: "set on the what-if page" });
  }
  const nodes = {};
  for (const [node, rows] of Object.entries(state.tables)) nodes[node] = { table: rows };
  return { priors: state.priors, nodes: nodes, evidence: evidence, drop: drop };
}

async function update() {
  if (inFlight) { pending = true; return; }
  inFlight = true;
  try {
    const answer = await api("api/page", changes());
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
  warnings.replaceChildren();
  if (run.warnings && run.warnings.length) {
    warnings.append(el("strong", { text: "Warnings from the run (read before relying on the numbers):" }),
      el("ul", {}, run.warnings.map((w) => el("li", { text: w }))));
  }
  warnings.hidden = !(run.warnings && run.warnings.length);
  const adjustments = (run.adjustments || []).map(describeAdjustment);
  document.getElementById("adjustments").textContent =
    adjustments.length ? "Adjustments in force: " + adjustments.join("; ") : "Adjustments in force: none";
  renderTargets(run);
  document.getElementById("timing").textContent = `server time for this change: ${answer.server_ms} ms`;
  renderImpact(answer.impact);
  renderDrivers(answer.drivers);
  for (const [node, dist] of Object.entries(answer.marginals)) {
    for (const [s, p] of Object.entries(dist)) {
      const chip = document.querySelector(`.state[data-node="${node}"][data-state="${s}"]`);
      if (chip) { chip.querySelector(".p").textContent = pct(p); chip.dataset.p = p; }
    }
  }
}

function describeAdjustment(item) {
  if (item.kind === "scenario prior") return `scenario prior on ${item.node}`;
  if (item.kind === "--set") return `prior set on the page: ${item.text}`;
  if (!item.file) return `tables edited on the page: ${(item.nodes || []).join(", ")}`;
  return `analyst ${item.analyst} (${item.date || "undated"}): own numbers for ${(item.nodes || []).join(", ")}`;
}

function renderTargets(run) {
  const box = document.getElementById("targets");
  box.replaceChildren();
  for (const target of run.targets) {
    const rows = Object.entries(run.posteriors[target]).map(([s, p]) =>
      el("div", { class: "bar-row", "data-target": target, "data-state": s, "data-p": p },
        el("span", { text: human(s) }),
        el("div", { class: "bar" }, barFill(p)),
        el("span", {}, el("span", { class: "value", text: pct(p) }), " ",
          el("span", { class: "words", text: run.estimative[target][s] }))));
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
  const span = el("span");
  span.style.width = (100 * p).toFixed(2) + "%";
  return span;
}

function renderImpact(impact) {
  const box = document.getElementById("impact");
  const lead = impact.lead;
  document.getElementById("impact-lead").textContent =
    `on P(${human(lead)}) of ${impact.target}: ${pct(impact.prior[lead])} before evidence, ${pct(impact.posterior[lead])} after`;
  const head = el("tr", {}, el("th", { text: "finding" }), el("th", { text: "grade" }),
    el("th", { class: "num", text: "without it" }), el("th", { class: "num", text: "shift" }));
  const rows = impact.evidence.map((item) => el("tr", { "data-impact": item.node },
    el("td", { text: `${item.node} = ${item.state || "(likelihood)"}` }),
    el("td", { text: item.grade || "certain" }),
    el("td", { class: "num", text: pct(item.without[lead]) }),
    el("td", { class: "num", text: signed(item.shift[lead]) })));
  box.replaceChildren(rows.length ? el("table", {}, head, rows) : el("p", { class: "muted", text: "No evidence in force." }));
}

function signed(d) { return (d >= 0 ? "+" : "−") + (100 * Math.abs(d)).toFixed(1) + " pts"; }

function renderDrivers(drivers) {
  document.getElementById("drivers-target").textContent =
    `of P(${drivers.target} = ${human(drivers.state)}) = ${pct(drivers.baseline)}, by swing`;
  const head = el("tr", {}, el("th", { text: "parameter" }), el("th", { class: "num", text: "value" }),
    el("th", { class: "num", text: "low → high" }), el("th", { class: "num", text: "swing" }));
  const rows = drivers.parameters.map((p) => {
    const given = Object.entries(p.given || {}).map(([k, v]) => `${k}=${v}`).join(", ");
    const what = `${p.node} ${p.kind}` + (given ? ` | ${given}` : "") + (p.state ? ` → ${p.state}` : "");
    const ends = (p.low === null ? "–" : pct(p.low)) + " → " + (p.high === null ? "–" : pct(p.high));
    return el("tr", {}, el("td", { text: what }), el("td", { class: "num", text: Number(p.value).toFixed(3) }),
      el("td", { class: "num", text: ends }), el("td", { class: "num", text: pct(p.swing) }));
  });
  document.getElementById("drivers").replaceChildren(el("table", {}, head, rows));
}

// ---------------------------------------------------------------- controls

function renderControls() {
  renderFindings();
  for (const node of setup.nodes) {
    const card = document.querySelector(`.node[data-node="${node.name}"]`);
    card.classList.toggle("edited", node.name in state.priors || node.name in state.tables);
    for (const chip of card.querySelectorAll(".state")) {
      chip.classList.toggle("clicked", state.clicked[node.name] === chip.dataset.state);
      chip.classList.toggle("evidence", evidenceState(node.name) === chip.dataset.state);
    }
    const prior = currentPrior(node);
    for (const row of card.querySelectorAll(".prior-row")) {
      const p = prior[row.dataset.state];
      row.querySelector("input").value = Math.round(p * 1000);
      row.querySelector("output").textContent = pct(p);
    }
  }
}

function evidenceState(node) {
  if (node in state.clicked) return null;
  const f = setup.findings.find((x) => x.node === node && !state.off.has(x.id) && x.state);
  return f ? f.state : null;
}

function renderFindings() {
  const box = document.getElementById("findings");
  box.replaceChildren();
  for (const f of setup.findings) {
    const replaced = f.node in state.clicked;
    const grade = f.id in state.regraded ? state.regraded[f.id] : (f.grade || "");
    const select = el("select", { "data-grade": f.id, disabled: !f.state || replaced,
      onchange: (e) => { state.regraded[f.id] = e.target.value; changed(); } },
      el("option", { value: "", text: "certain" }),
      setup.grades.map((g) => el("option", { value: g, text: g })));
    select.value = grade;
    const box1 = el("input", { type: "checkbox", "data-finding": f.id, checked: !state.off.has(f.id) && !replaced,
      disabled: replaced,
      onchange: (e) => { if (e.target.checked) state.off.delete(f.id); else state.off.add(f.id); changed(); } });
    const what = f.state ? `${f.node} = ${f.state}` : `${f.node}: likelihood ${JSON.stringify(f.likelihood)}`;
    box.append(el("div", { class: "finding" + (state.off.has(f.id) || replaced ? " off" : "") },
      el("label", {}, box1, " ", el("strong", { text: what })), " ",
      el("label", {}, "grade ", select),
      replaced ? el("span", { class: "muted", text: " (replaced by the state set on the page)" }) : null,
      f.source ? el("div", { class: "quote", text: `“${f.source.quote}” (${f.source.doc})` }) : null));
  }
}

function currentPrior(node) {
  if (state.priors[node.name]) return state.priors[node.name];
  const out = {};
  node.states.forEach((s, i) => { out[s] = node.rows[0].p[i]; });
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

function buildNodes() {
  const box = document.getElementById("nodes");
  box.replaceChildren();
  for (const node of setup.nodes) {
    const chips = node.states.map((s) => el("button", { type: "button", class: "state", "data-node": node.name,
      "data-state": s, onclick: () => {
        if (state.clicked[node.name] === s) delete state.clicked[node.name]; else state.clicked[node.name] = s;
        changed();
      } }, human(s) + " ", el("span", { class: "p", text: "" })));
    const parts = [el("h3", {}, node.label + " ", el("span", { class: "kind", text: `${node.name} · ${node.kind}` +
      (node.observable ? " · observable" : "") })), el("div", { class: "states" }, chips)];
    if (!node.parents.length) parts.push(priorEditor(node));
    else parts.push(tableEditor(node));
    box.append(el("div", { class: "node", "data-node": node.name }, parts));
  }
}

function priorEditor(node) {
  const rows = node.states.map((s) => el("div", { class: "prior-row", "data-state": s },
    el("span", { text: "prior " + human(s) }),
    el("input", { type: "range", min: 0, max: 1000, step: 1, "data-prior": `${node.name}:${s}`,
      oninput: (e) => { state.priors[node.name] = moved(currentPrior(node), s, Number(e.target.value) / 1000); changed(); } }),
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
  const rows = state.tables[node.name] || node.rows.map((row) => ({ given: row.given, p: row.p.slice() }));
  const dist = {};
  node.states.forEach((s, k) => { dist[s] = rows[r].p[k]; });
  const next = moved(dist, node.states[i], value);
  rows[r] = { given: rows[r].given, p: node.states.map((s) => next[s]) };
  state.tables[node.name] = rows;
  const cells = input.closest("tr").querySelectorAll("input");
  cells.forEach((cell, k) => { cell.value = Number(rows[r].p[k].toFixed(6)); });
  changed();
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
    ` · model ${setup.model.id}` + (setup.analyst ? ` · starting from analyst ${setup.analyst.name}'s numbers` : "");
  if (setup.analyst) document.querySelector("#save-overlay input[name=analyst]").value = setup.analyst.name;
  document.querySelector("#save-scenario input[name=id]").value = `${s.id}_whatif`;
  document.getElementById("save-overlay").addEventListener("submit", (e) => { e.preventDefault(); save("overlay", e.target); });
  document.getElementById("save-scenario").addEventListener("submit", (e) => { e.preventDefault(); save("scenario", e.target); });
  document.getElementById("reset").addEventListener("click", () => {
    state.off.clear(); state.regraded = {}; state.clicked = {}; state.priors = {}; state.tables = {};
    buildNodes(); changed();
  });
  buildNodes();
  changed();
}

document.addEventListener("DOMContentLoaded", start);
