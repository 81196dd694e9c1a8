// atonomid explorer: a read-only view of the registries, served by the node's
// API server and reading only its REST routes (docs/openapi.json) and its
// transaction index (/cosmos/tx/v1beta1/txs). No third-party code: the page
// must work on a node without internet access.
"use strict";

const DEVICE_STATUSES = ["STATUS_REGISTERED", "STATUS_ACTIVE", "STATUS_SUSPENDED", "STATUS_REVOKED"];
// statusNumber is a status as the REST gateway takes it in paths and query
// parameters: the enum's number (the JSON it returns names it).
function statusNumber(s) { return DEVICE_STATUSES.indexOf(s) + 1; }
// The registry lists devices past registration only: a registration writes
// no index entry (docs/devices.md), so registered devices are looked up by
// id and counted from the manufacturer's counters.
const LISTED_STATUSES = DEVICE_STATUSES.slice(1);
// Device listings page by key; a manufacturer's fleet is counted page by
// page up to this many devices per status.
const COUNT_PAGE = 1000, COUNT_PAGES = 100;
// The transaction index is read 100 transactions a page, up to this many pages.
const TX_PAGES = 10;

// ---- helpers ---------------------------------------------------------------

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null) continue;
    if (k === "class") node.className = v; else node.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null) continue;
    node.append(c instanceof Node ? c : String(c));
  }
  return node;
}

const SVG_NS = "http://www.w3.org/2000/svg";
function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  for (const c of children.flat()) node.append(c instanceof Node ? c : String(c));
  return node;
}

class HTTPError extends Error {
  constructor(path, status, body) {
    super(`${path}: ${status} ${body}`);
    this.status = status;
  }
}

async function get(path) {
  const res = await fetch(path, { headers: { Accept: "application/json" } });
  const text = await res.text();
  if (!res.ok) {
    let msg = text;
    try { msg = JSON.parse(text).message || text; } catch (_) { /* plain text error */ }
    throw new HTTPError(path, res.status, msg);
  }
  return JSON.parse(text);
}

function q(params) {
  return Object.entries(params).filter(([, v]) => v !== undefined && v !== "")
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
}

function statusBadge(s) { return el("span", { class: `status ${s}` }, String(s || "").replace("STATUS_", "").toLowerCase()); }
function deviceLink(id) { return el("a", { href: `#/device/${id}`, class: "mono" }, id); }
function manufacturerLink(id) { return el("a", { href: `#/manufacturer/${id}` }, id); }
function table(headers, rows) {
  return el("table", {}, el("thead", {}, el("tr", {}, headers.map((h) => el("th", {}, h)))),
    el("tbody", {}, rows.length ? rows.map((r) => el("tr", {}, r.map((c) => el("td", {}, c))))
      : el("tr", {}, el("td", { colspan: headers.length, class: "muted" }, "none"))));
}
function defs(pairs) {
  return el("dl", {}, pairs.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v === "" || v === undefined ? "—" : v)]));
}
function section(title, ...body) { return el("section", {}, el("h2", {}, title), body); }

// attr reads an attribute of a typed event: the SDK JSON-encodes the values.
function attr(event, key) {
  const a = (event.attributes || []).find((x) => x.key === key);
  if (!a) return undefined;
  try { return JSON.parse(a.value); } catch (_) { return a.value; }
}

// txsWithEvent returns the indexed transactions with an event of type whose
// attribute key equals value, oldest first; null when the node does not
// index transactions.
async function txsWithEvent(type, key, value) {
  const query = `${type}.${key}='${JSON.stringify(value)}'`;
  const txs = [];
  for (let page = 1; page <= TX_PAGES; page++) {
    let res;
    try {
      res = await get(`/cosmos/tx/v1beta1/txs?${q({ query, order_by: "ORDER_BY_ASC", page, limit: 100 })}`);
    } catch (e) {
      if (e.status === 500 || e.status === 400) return null; // tx indexing disabled on this node
      throw e;
    }
    const got = res.tx_responses || [];
    txs.push(...got);
    if (got.length < 100 || txs.length >= Number(res.total || 0)) break;
  }
  return txs;
}

// eventsOf flattens the matching events of the transactions into
// {height, time, code, event} records.
function eventsOf(txs, type, key, value) {
  const out = [];
  for (const tx of txs || []) {
    for (const ev of tx.events || []) {
      if (ev.type === type && attr(ev, key) === value) {
        out.push({ height: Number(tx.height), time: tx.timestamp, code: tx.code || 0, event: ev });
      }
    }
  }
  return out;
}

// ---- pages -----------------------------------------------------------------

async function homePage(main) {
  const [mfrs, auditors] = await Promise.all([
    get("/atonomi/manufacturer/v1/manufacturers?pagination.limit=200"),
    get("/atonomi/auditor/v1/auditors?pagination.limit=200"),
  ]);
  main.append(el("h1", {}, "Registries"));
  main.append(section("Manufacturers", table(["id", "name", "status", "registered", "active", "admitted at"],
    (mfrs.manufacturers || []).map((m) => [manufacturerLink(m.id), m.name, statusBadge(m.status),
      m.devices_registered || "0", m.devices_active || "0", m.admission_height || "0"]))));
  main.append(section("Auditors", table(["id", "name", "status", "reputation types", "weight", "operator"],
    (auditors.auditors || []).map((a) => [a.id, a.name, statusBadge(a.status), (a.reputation_types || []).join(", "),
      a.weight || "0", el("span", { class: "mono" }, a.operator)]))));

  const select = el("select", { id: "device-status" }, LISTED_STATUSES.map((s) => el("option", { value: s }, s.replace("STATUS_", "").toLowerCase())));
  select.value = "STATUS_ACTIVE";
  const list = el("div", {});
  const devices = section("Devices", el("label", {}, "status ", select), list);
  main.append(devices);
  const show = async () => {
    list.replaceChildren();
    await devicePages(list, `/atonomi/device/v1/devices_by_status/${statusNumber(select.value)}`);
  };
  select.addEventListener("change", () => show().catch(fail));
  await show();
}

// devicePages lists the devices of a listing route 50 at a time, with a
// button for the next page.
async function devicePages(container, path, key) {
  const res = await get(`${path}${path.includes("?") ? "&" : "?"}${q({ "pagination.limit": 50, "pagination.key": key })}`);
  container.append(table(["id", "manufacturer", "status", "type", "owner"],
    (res.devices || []).map((d) => [deviceLink(d.id), manufacturerLink(d.manufacturer_id), statusBadge(d.status),
      d.device_type, el("span", { class: "mono" }, d.owner || "")])));
  const next = res.pagination && res.pagination.next_key;
  if (next) {
    const more = el("button", { class: "more", type: "button" }, "more");
    more.addEventListener("click", () => { more.remove(); devicePages(container, path, next).catch(fail); });
    container.append(more);
  }
}

async function manufacturerPage(main, id) {
  const { manufacturer: m } = await get(`/atonomi/manufacturer/v1/manufacturers/${encodeURIComponent(id)}`);
  main.append(el("h1", {}, `Manufacturer ${m.id}`));
  main.append(el("section", {}, defs([
    ["name", m.name], ["status", statusBadge(m.status)], ["operators", (m.operators || []).join(", ")],
    ["default reputation", m.default_reputation || "0"], ["devices ever registered", m.devices_registered || "0"],
    ["devices active", m.devices_active || "0"], ["admitted at height", m.admission_height || "0"],
    ["url", (m.metadata && m.metadata.url) || ""], ["country", (m.metadata && m.metadata.country) || ""],
    ["certifications", ((m.metadata && m.metadata.certifications) || []).join(", ")],
  ])));

  const listed = await Promise.all(LISTED_STATUSES.map((s) => countDevices(m.id, s)));
  const counts = [awaitingActivation(m, listed), ...listed];
  const fleet = section("Fleet by status", fleetChart(counts),
    table(["status", "devices"], counts.map((c) => [statusBadge(c.status), c.capped ? `${c.upper ? "≤" : "≥"} ${c.count}` : String(c.count)])));
  fleet.id = "fleet";
  main.append(fleet);

  const list = el("div", {});
  main.append(section("Devices", list));
  await devicePages(list, `/atonomi/device/v1/manufacturers/${encodeURIComponent(m.id)}/devices`);
}

// countDevices counts a manufacturer's devices of one status by paging
// through the listing (the registry keeps no per-status counter).
async function countDevices(manufacturer, status) {
  let count = 0, key;
  for (let page = 0; page < COUNT_PAGES; page++) {
    const res = await get(`/atonomi/device/v1/manufacturers/${encodeURIComponent(manufacturer)}/devices?${q({
      status: statusNumber(status), "pagination.limit": COUNT_PAGE, "pagination.key": key })}`);
    count += (res.devices || []).length;
    key = res.pagination && res.pagination.next_key;
    if (!key) return { status, count, capped: false };
  }
  return { status, count, capped: true };
}

// awaitingActivation derives the devices whitelisted but never activated
// (explicit registrations and Merkle leaves alike) from the manufacturer's
// devices_registered counter, less those listed under a later status. When
// a listing was capped, the figure is an upper bound.
function awaitingActivation(m, listed) {
  const later = listed.reduce((sum, c) => sum + c.count, 0);
  const capped = listed.some((c) => c.capped);
  return { status: "STATUS_REGISTERED", count: Math.max(0, Number(m.devices_registered || 0) - later), capped, upper: capped };
}

function fleetChart(counts) {
  const w = 520, row = 26, left = 100, max = Math.max(1, ...counts.map((c) => c.count));
  return svg("svg", { class: "bars", width: w, height: row * counts.length + 4, role: "img", "aria-label": "devices by status" },
    counts.map((c, i) => {
      const bw = Math.round((w - left - 60) * c.count / max);
      return svg("g", { "data-status": c.status },
        svg("text", { x: 0, y: i * row + 17 }, c.status.replace("STATUS_", "").toLowerCase()),
        svg("rect", { class: "bar", x: left, y: i * row + 5, width: bw, height: row - 10 }),
        svg("text", { x: left + bw + 6, y: i * row + 17 }, String(c.count)));
    }));
}

async function devicePage(main, id) {
  const { device: d, manufacturer_status: mstatus } = await get(`/atonomi/device/v1/devices/${encodeURIComponent(id)}`);
  main.append(el("h1", {}, "Device ", el("span", { id: "device-id", class: "mono" }, d.id)));
  main.append(el("section", {}, defs([
    ["status", el("span", { id: "device-status" }, statusBadge(d.status))],
    ["manufacturer", el("span", {}, manufacturerLink(d.manufacturer_id), " (", mstatus, ")")],
    ["owner", el("span", { class: "mono" }, d.owner || "")], ["wallet", el("span", { class: "mono" }, d.wallet || "")],
    ["key type", d.key_type], ["device type", d.device_type], ["protocols", (d.protocols || []).join(", ")],
    ["services", (d.services || []).map((s) => `${s.service_type} (${s.price} uatmi)`).join(", ")],
    ["registered at height", d.registered_height || "0"], ["activated at height", d.activated_height || "0"],
    ["transfers", d.transfers || "0"], ["suspended by", d.suspended_by || ""],
    ["default reputation (of its registration)", d.default_reputation || "0"],
    // The record's flag lags behind a threshold change until x/reputation's
    // sweep reaches the device; the reputation section shows the verdict
    // payments use.
    ["exclusion flag (stored)", d.excluded ? "yes" : "no"],
  ])));

  const [history, reputation] = await Promise.all([statusHistory(d), reputationCharts(d.id)]);
  main.append(history, reputation);
}

// The events that change a device's status or ownership, and how to show them.
const HISTORY_EVENTS = {
  "atonomi.device.v1.EventDeviceActivated": (e) => ["activated", `owner ${attr(e, "owner")}, ${attr(e, "key_type")} key`],
  // Anyone can send an activation naming any device: the refused attempt is
  // its submitter's doing and says nothing about the device, so the row names
  // the submitter and says so.
  "atonomi.device.v1.EventActivationFailed": (e) => ["activation attempt refused",
    `submitted by ${attr(e, "submitter") || "an account the alert does not name"}: ${attr(e, "reason")} (not evidence about the device)`],
  "atonomi.device.v1.EventDeviceStatusChanged": (e) => [`${lower(attr(e, "from"))} → ${lower(attr(e, "to"))}`,
    `by ${attr(e, "role")}${attr(e, "reason") ? `: ${attr(e, "reason")}` : ""}`],
  "atonomi.device.v1.EventDeviceTransferred": (e) => ["transferred", `${attr(e, "from")} → ${attr(e, "to")}`],
  "atonomi.reputation.v1.EventDeviceExcluded": (e) => ["excluded from payments",
    `${attr(e, "reputation_type")} aggregate ${attr(e, "aggregate")} below ${attr(e, "threshold")}`],
  "atonomi.reputation.v1.EventDeviceReinstated": () => ["reinstated for payments", ""],
};
function lower(s) { return String(s || "").replace("STATUS_", "").toLowerCase(); }

async function statusHistory(d) {
  const types = Object.keys(HISTORY_EVENTS);
  const found = await Promise.all(types.map((t) => txsWithEvent(t, "device_id", d.id)));
  const body = section("Status history");
  body.id = "history";
  if (found.some((txs) => txs === null)) {
    body.append(el("p", { class: "muted" }, "This node does not index transactions: only the current status is known."));
  }
  const rows = [{ height: Number(d.registered_height || 0), what: "registered", detail: `by ${d.manufacturer_id}` }];
  types.forEach((t, i) => {
    for (const r of eventsOf(found[i], t, "device_id", d.id)) {
      const [what, detail] = HISTORY_EVENTS[t](r.event);
      rows.push({ height: r.height, time: r.time, what, detail, failed: r.code !== 0 });
    }
  });
  rows.sort((a, b) => a.height - b.height);
  body.append(table(["height", "time", "event", "detail"], rows.map((r) => [String(r.height), r.time || "",
    el("span", { class: r.failed ? "failed" : "" }, r.what), r.detail])));
  return body;
}

// reputationCharts draws one chart per reputation type: the aggregate after
// every score written (from the transaction index) as a line, and the
// scores the history query keeps as dots.
async function reputationCharts(id) {
  const scoreEvent = "atonomi.reputation.v1.EventScoreWritten";
  const [rep, params, txs] = await Promise.all([
    get(`/atonomi/reputation/v1/devices/${id}/aggregates`),
    get("/atonomi/reputation/v1/params"),
    txsWithEvent(scoreEvent, "device_id", id),
  ]);
  const byType = new Map();
  const series = (t) => byType.get(t) || byType.set(t, { aggregates: [], scores: [] }).get(t);
  for (const a of rep.aggregates || []) series(a.reputation_type);
  for (const r of eventsOf(txs, scoreEvent, "device_id", id)) {
    if (r.code !== 0) continue;
    series(attr(r.event, "reputation_type")).aggregates.push({ height: r.height, value: Number(attr(r.event, "aggregate")) });
  }
  await Promise.all([...byType.keys()].map(async (t) => {
    const h = await get(`/atonomi/reputation/v1/devices/${id}/history/${encodeURIComponent(t)}?pagination.limit=100`);
    series(t).scores = (h.scores || []).map((s) => ({ height: Number(s.height), value: Number(s.score || 0), auditor: s.auditor_id }));
  }));

  const body = section("Reputation over time");
  body.id = "reputation";
  body.append(el("p", { class: "muted" }, `Default value ${rep.default_value || 0}; exclusion threshold ${params.params.exclusion_threshold}; `,
    rep.excluded ? "at this threshold the device is excluded from payments." : "at this threshold the device is not excluded."));
  if (byType.size === 0) body.append(el("p", { class: "muted" }, "No auditor has scored this device yet."));
  const charts = el("div", { class: "charts" });
  for (const [t, s] of [...byType.entries()].sort()) charts.append(chart(t, s, Number(params.params.exclusion_threshold)));
  body.append(charts);
  return body;
}

function chart(type, s, threshold) {
  const w = 520, h = 220, pad = { l: 56, r: 12, t: 10, b: 28 };
  const all = [...s.aggregates, ...s.scores];
  const hs = all.map((p) => p.height), vs = all.map((p) => p.value).concat([threshold]);
  let x0 = Math.min(...hs), x1 = Math.max(...hs);
  if (!isFinite(x0)) { x0 = 0; x1 = 1; }
  if (x0 === x1) { x0 -= 1; x1 += 1; }
  const margin = (x1 - x0) * 0.04; // keeps the first and last points off the axes
  const xlo = x0 - margin, xhi = x1 + margin;
  const y1 = Math.max(1, ...vs) * 1.1;
  const X = (v) => pad.l + (w - pad.l - pad.r) * (v - xlo) / (xhi - xlo);
  const Y = (v) => h - pad.b - (h - pad.t - pad.b) * v / y1;
  const parts = [
    svg("line", { class: "axis", x1: pad.l, y1: h - pad.b, x2: w - pad.r, y2: h - pad.b }),
    svg("line", { class: "axis", x1: pad.l, y1: pad.t, x2: pad.l, y2: h - pad.b }),
    svg("text", { x: pad.l, y: h - 8 }, `height ${x0}`),
    svg("text", { x: w - pad.r, y: h - 8, "text-anchor": "end" }, `${x1}`),
    svg("text", { x: pad.l - 4, y: Y(0), "text-anchor": "end" }, "0"),
    svg("text", { x: pad.l - 4, y: pad.t + 8, "text-anchor": "end" }, String(Math.round(y1))),
  ];
  if (threshold > 0) parts.push(svg("line", { class: "threshold", x1: pad.l, y1: Y(threshold), x2: w - pad.r, y2: Y(threshold) }));
  const agg = [...s.aggregates].sort((a, b) => a.height - b.height);
  if (agg.length) parts.push(svg("polyline", { class: "line", points: agg.map((p) => `${X(p.height)},${Y(p.value)}`).join(" ") }));
  for (const p of agg) {
    parts.push(svg("circle", { class: "point", cx: X(p.height), cy: Y(p.value), r: 4, "data-height": p.height, "data-value": p.value },
      svg("title", {}, `aggregate ${p.value} at height ${p.height}`)));
  }
  for (const p of s.scores) {
    parts.push(svg("rect", { class: "score", x: X(p.height) - 3, y: Y(p.value) - 3, width: 6, height: 6, "data-value": p.value },
      svg("title", {}, `score ${p.value} by ${p.auditor} at height ${p.height}`)));
  }
  return el("figure", {}, el("figcaption", {}, type),
    svg("svg", { class: "chart", "data-type": type, width: w, height: h, role: "img", "aria-label": `${type} reputation over time` }, parts),
    el("div", { class: "muted" }, "line: aggregate after each score; squares: auditors' scores; dashes: exclusion threshold"));
}

// ---- routing ---------------------------------------------------------------

function fail(e) {
  const box = document.getElementById("error");
  box.textContent = e instanceof HTTPError && e.status === 404 ? `Not found: ${e.message}` : String(e.message || e);
  box.hidden = false;
  document.body.dataset.state = "error";
}

async function route() {
  const main = document.getElementById("main");
  const box = document.getElementById("error");
  main.replaceChildren();
  box.hidden = true;
  document.body.dataset.state = "loading";
  const [, page, id] = (location.hash || "#/").split("/").map(decodeURIComponent);
  try {
    if (page === "device" && id) await devicePage(main, id);
    else if (page === "manufacturer" && id) await manufacturerPage(main, id);
    else await homePage(main);
    document.body.dataset.state = "ready";
  } catch (e) {
    fail(e);
  }
}

document.getElementById("search").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const v = document.getElementById("search-input").value.trim();
  if (v) location.hash = /^[0-9a-fA-F]{64}$/.test(v) ? `#/device/${v.toLowerCase()}` : `#/manufacturer/${v}`;
});
window.addEventListener("hashchange", route);
get("/cosmos/base/tendermint/v1beta1/node_info")
  .then((n) => { document.getElementById("chain").textContent = `chain ${n.default_node_info.network}`; })
  .catch(() => { /* the header line is optional */ });
route();
