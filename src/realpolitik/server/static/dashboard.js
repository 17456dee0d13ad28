// realpolitik dashboard: reads the server's JSON API and draws it with ECharts.
// All text from the API goes into the page through textContent and DOM nodes, never innerHTML;
// chart tooltips use ECharts' richText mode, which draws text on the canvas. No inline styles
// or handlers: the page runs under a strict Content-Security-Policy.
"use strict";

(() => {
  const COLOURS = {
    cooperative: "#2b7bb9",
    conflictual: "#d7301f",
    neutral: "#9aa5b1",
    none: "#e4e7eb",
    chosen: "#f0b429",
  };
  const RELATION_LABELS = {
    cooperative: "cooperative",
    conflictual: "conflictual",
    neutral: "neutral",
    none: "no events",
    chosen: "chosen state",
  };
  // A relation whose score is within this distance of 0 is neutral.
  const NEUTRAL_BAND = 0.5;
  // Bloc colours stay clear of the relation colours (blue, red, grey) and the chosen amber.
  const BLOC_PALETTE = ["#7b5ea7", "#2a9d8f", "#8c6d31", "#c2185b", "#5c7cfa", "#6a994e",
    "#b5651d", "#00838f", "#9c6644", "#455a64"];
  const PLOVER_TYPES = ["AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT",
    "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE",
    "ASSAULT"];
  const MODALITIES = ["factual", "planned", "speculative", "negated"];
  const PAGE_SIZE = 20;
  const BUILD_COMMAND = "python -m realpolitik.server.assets";
  const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  const FIRST_DAY = "1900-01-01";
  const LAST_DAY = "2100-12-31";
  // Words for TimeML's reference values, which are not days.
  const REFERENCES = {
    PRESENT_REF: "now (the article's time)",
    PAST_REF: "in the past",
    FUTURE_REF: "in the future",
  };

  const state = {
    actor: "", // the chosen state, ISO-3
    partner: "", // the other side of the dyad, ISO-3
    since: "", // the period of every panel, YYYY-MM-DD or "" (open)
    until: "",
    month: "", // YYYY-MM: the event table shows this month only (a click on a month)
    merged: true, // one mention of each merged event
    governments: false, // map, dyad, blocs and the event table: only events between governments
    sort: "-date",
    offset: 0,
    total: 0,
    transfersOffset: 0,
    transfersAll: false,
    token: sessionStorage.getItem("realpolitik-token") || "", // for servers that want one
    names: new Map(), // ISO-3 -> name, from /names and the country shapes
    sectors: {}, // CAMEO sector or group code -> words
    organisations: {},
    coverage: null,
    mapReady: false,
    extracted: null, // the last /extract answer and its text
  };
  const charts = {};
  // The latest request of each panel wins.
  const tickets = { events: 0, timeline: 0, relations: 0, network: 0, transfers: 0 };
  const $ = (id) => document.getElementById(id);

  // ---------------------------------------------------------------- DOM helpers

  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (value === undefined || value === null) continue;
      if (key === "className") node.className = value;
      else if (key === "text") node.textContent = String(value);
      else if (key === "dataset") Object.assign(node.dataset, value);
      else node.setAttribute(key, String(value));
    }
    for (const child of children) {
      if (child === undefined || child === null || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function showError(id, error) {
    const node = $(id);
    node.hidden = !error;
    node.textContent = error ? String(error.message || error) : "";
  }

  function nameOf(code) {
    return state.names.get(code) || code || "";
  }

  function counted(n, noun) {
    return `${n} ${noun}${n === 1 ? "" : "s"}`;
  }

  function fmt(value, digits = 1) {
    return typeof value === "number" && Number.isFinite(value) ? value.toFixed(digits) : "–";
  }

  // ---------------------------------------------------------------- the API

  function detailOf(body) {
    if (!body || body.detail === undefined) return "";
    if (typeof body.detail === "string") return body.detail;
    if (Array.isArray(body.detail)) {
      return body.detail.map((d) => (d && d.msg ? d.msg : JSON.stringify(d))).join("; ");
    }
    return JSON.stringify(body.detail);
  }

  function headers(extra = {}) {
    const init = { Accept: "application/json", ...extra };
    if (state.token) init.Authorization = `Bearer ${state.token}`;
    return init;
  }

  async function api(path, { method = "GET", body } = {}) {
    const init = { method, headers: headers() };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch (error) {
      throw new Error(`the server did not answer (${error.message})`);
    }
    let data = null;
    try {
      data = await response.json();
    } catch (_) {
      data = null;
    }
    if (response.status === 401) $("token-box").hidden = false;
    if (!response.ok) {
      throw new Error(detailOf(data) || `${response.status} ${response.statusText}`);
    }
    return data;
  }

  // The `actors` parameter of the relations endpoints and of /events: "state" counts only the
  // events whose both sides are governments (relations/state.py); left out, every actor counts.
  function actorsParam() {
    return state.governments ? "state" : "";
  }

  function query(params) {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      for (const item of Array.isArray(value) ? value : [value]) {
        if (item !== undefined && item !== null && item !== "" && item !== false) {
          search.append(key, item);
        }
      }
    }
    const text = search.toString();
    return text ? `?${text}` : "";
  }

  // ---------------------------------------------------------------- charts

  // Every chart is drawn once per change, without ECharts' transitions: on a machine without
  // a GPU a transition repaints its canvas for up to a second after each change, and the
  // next click waits behind those frames (issue 15: every view under 0.2 s).
  function draw(chart, option) {
    chart.setOption({ animation: false, ...option });
  }

  // A chart showing a placeholder (a title, no data) is drawn afresh when data come; one
  // showing data takes the next data merged in, so that ECharts keeps and updates its
  // elements rather than building them all again.
  const placeholders = new Set();

  function drawPlaceholder(chart, text) {
    chart.clear();
    draw(chart, { title: placeholder(text) });
    placeholders.add(chart);
  }

  function drawData(chart, option) {
    if (placeholders.delete(chart)) chart.clear();
    draw(chart, option);
  }

  // ---------------------------------------------------------------- words for codes and dates

  const pad = (n) => String(n).padStart(2, "0");
  const isoDay = (d) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const lastDayOf = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate(); // m: 1..12

  function dayWords(text) {
    const [y, m, d] = text.split("-").map(Number);
    return `${d} ${MONTHS[m - 1].slice(0, 3)} ${y}`;
  }

  function monthWords(text) {
    const [y, m] = text.split("-").map(Number);
    return `${MONTHS[m - 1]} ${y}`;
  }

  // A date value as people write it, and its precision: "week of 18 Jun 2018".
  function humanDate(value, precision) {
    if (!value) return { text: "undated", title: "no date was read" };
    const v = String(value);
    const title = `${v}${precision ? ` (precision: ${precision})` : ""}`;
    let m;
    if (REFERENCES[v]) return { text: REFERENCES[v], title };
    if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return { text: dayWords(v), title };
    if (/^\d{4}-\d{2}$/.test(v)) return { text: monthWords(v), title };
    if ((m = v.match(/^(\d{4})-W(\d{2})$/))) {
      const year = Number(m[1]);
      const jan4 = new Date(Date.UTC(year, 0, 4));
      const monday = new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 86400000);
      monday.setUTCDate(monday.getUTCDate() + 7 * (Number(m[2]) - 1));
      return { text: `week of ${dayWords(isoDay(monday))}`, title };
    }
    if ((m = v.match(/^(\d{4})-Q([1-4])$/))) return { text: `Q${m[2]} ${m[1]}`, title };
    if ((m = v.match(/^(\d{4})-(SP|SU|FA|WI)$/))) {
      const season = { SP: "spring", SU: "summer", FA: "autumn", WI: "winter" }[m[2]];
      return { text: `${season} ${m[1]}`, title };
    }
    if ((m = v.match(/^(\d{4})-H([12])$/))) return { text: `${m[2] === "1" ? "first" : "second"} half of ${m[1]}`, title };
    if (/^\d{4}$/.test(v)) return { text: v, title };
    if ((m = v.match(/^(\d{3})X$/))) return { text: `the ${m[1]}0s`, title };
    if ((m = v.match(/^(\d{2})XX$/))) return { text: `the ${Number(m[1]) + 1}th century`, title };
    return { text: v, title };
  }

  function dateCell(value, precision) {
    const { text, title } = humanDate(value, precision);
    return el("td", { className: "date-cell", title, "data-label": "Date" }, text,
      precision && precision !== "day" && value && !REFERENCES[value]
        ? el("span", { className: "precision", text: ` · ${precision}` }) : null);
  }

  // An actor in words: its own words first, then its country and sector in words, then its code.
  function actorWords(actor) {
    if (!actor || (!actor.code && !actor.country && !actor.text)) return null;
    const code = actor.code || actor.country || "";
    let country = actor.country || "";
    let rest = code;
    if (country && code.startsWith(country)) rest = code.slice(country.length);
    else if (code.startsWith("---")) rest = code.slice(3);
    else if (!country && code.length >= 3 && state.names.has(code.slice(0, 3))) {
      country = code.slice(0, 3);
      rest = code.slice(3);
    }
    const parts = [];
    if (state.organisations[code]) parts.push(state.organisations[code]);
    else {
      if (country) parts.push(nameOf(country));
      else if (code.startsWith("---")) parts.push("country unknown");
      for (let i = 0; i + 3 <= rest.length; i += 3) {
        const words = state.sectors[rest.slice(i, i + 3)];
        if (words) parts.push(words);
      }
      if (actor.sector && state.sectors[actor.sector] && !parts.includes(state.sectors[actor.sector])) {
        parts.push(state.sectors[actor.sector]);
      }
    }
    const described = parts.join(", ");
    const own = actor.text && actor.text.toLowerCase() !== described.toLowerCase() ? actor.text : "";
    return { own, described, code };
  }

  function actorLabel(actor) {
    const words = actorWords(actor);
    if (!words) return "actor unknown";
    return words.own || words.described || words.code;
  }

  function actorCell(actor, label) {
    const words = actorWords(actor);
    if (!words) {
      return el("td", { "data-label": label }, el("span", { className: "unknown", text: "actor unknown" }));
    }
    const head = words.own || words.described || words.code;
    const sub = [words.own ? words.described : "", words.code].filter(Boolean).join(" · ");
    return el("td", { "data-label": label, title: words.code },
      el("span", { className: "actor-name", text: head }),
      sub && sub !== head ? el("span", { className: "code sub", text: sub }) : null);
  }

  function stateWords(code) {
    if (!code) return "unknown";
    return state.names.has(code) ? `${nameOf(code)} (${code})` : code;
  }

  // A state the user typed by name or by code, as its code: "Syria" -> "SYR".
  function codeOf(text) {
    const value = (text || "").trim();
    if (!value) return "";
    const upper = value.toUpperCase();
    if (state.names.has(upper)) return upper;
    const wanted = value.toLowerCase();
    for (const [code, name] of state.names) {
      if (name.toLowerCase() === wanted) return code;
    }
    return value; // an actor code (RUSGOV) or a name the server looks up
  }

  // ---------------------------------------------------------------- the period

  function periodWords(since = state.since, until = state.until) {
    if (!since && !until) return "all time";
    if (since && until) {
      if (since === until) return dayWords(since);
      const [y1, m1] = since.split("-");
      const [y2, m2] = until.split("-");
      if (since.endsWith("-01") && until === `${y2}-${m2}-${pad(lastDayOf(Number(y2), Number(m2)))}`) {
        if (y1 === y2 && m1 === m2) return monthWords(since);
        if (m1 === "01" && m2 === "12") return y1 === y2 ? y1 : `${y1}–${y2}`;
        return `${monthWords(since)} – ${monthWords(until)}`;
      }
      return `${dayWords(since)} – ${dayWords(until)}`;
    }
    return since ? `from ${dayWords(since)}` : `until ${dayWords(until)}`;
  }

  // The range typed in the top bar, checked: {since, until} or an Error saying what is wrong.
  function readRange() {
    const fields = [["since", "From"], ["until", "To"]];
    const values = {};
    for (const [id, label] of fields) {
      const input = $(id);
      if (input.validity && input.validity.badInput) {
        return new Error(`${label}: “${input.value || "that"}” is not a whole date; give a day as YYYY-MM-DD, or leave it empty`);
      }
      const value = input.value.trim();
      if (value && !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
        return new Error(`${label}: “${value}” is not a date; give a day as YYYY-MM-DD, or leave it empty`);
      }
      if (value && (value < FIRST_DAY || value > LAST_DAY)) {
        return new Error(`${label}: ${value} is outside 1900–2100, where the store's dates are`);
      }
      values[id] = value;
    }
    if (values.since && values.until && values.until < values.since) {
      return new Error(`The period ends (${values.until}) before it starts (${values.since}): swap the days`);
    }
    return values;
  }

  function showRange() {
    $("since").value = state.since;
    $("until").value = state.until;
    $("period-label").textContent = periodWords();
  }

  async function setRange(since, until, { fromChart = false } = {}) {
    state.since = since;
    state.until = until;
    state.month = "";
    state.offset = 0;
    state.transfersOffset = 0;
    showRange();
    showError("range-error", null);
    if (!fromChart) zoomCoverage();
    await refreshPanels();
  }

  async function applyRange(submitEvent) {
    if (submitEvent) submitEvent.preventDefault();
    const range = readRange();
    if (range instanceof Error) {
      const still = periodWords();
      showError("range-error", new Error(`${range.message}. The panels still show ${still}.`));
      return;
    }
    await setRange(range.since, range.until);
  }

  // ---------------------------------------------------------------- the coverage timeline

  function coverageMonths() {
    const cov = state.coverage;
    if (!cov || !cov.first || !cov.last) return [];
    const counts = new Map((cov.months || []).map((m) => [m.month, m.events]));
    const months = [];
    let [y, m] = cov.first.split("-").map(Number);
    const [ly, lm] = cov.last.split("-").map(Number);
    while ((y < ly || (y === ly && m <= lm)) && months.length < 2400) {
      const key = `${y}-${pad(m)}`;
      months.push({ month: key, events: counts.get(key) || 0 });
      m += 1;
      if (m > 12) { m = 1; y += 1; }
    }
    return months;
  }

  async function loadCoverage() {
    showError("coverage-error", null);
    try {
      state.coverage = await api("/coverage");
    } catch (error) {
      showError("coverage-error", error);
      return;
    }
    const cov = state.coverage;
    const months = coverageMonths();
    $("coverage").dataset.months = String(months.length);
    const extra = [];
    if (cov.undated) extra.push(`${counted(cov.undated, "event")} without a date`);
    if (cov.outside) extra.push(`${counted(cov.outside, "event")} dated outside 1900–2100 (misreadings)`);
    $("coverage-hint").textContent = cov.first
      ? `The store's events month by month, ${dayWords(cov.first)} – ${dayWords(cov.last)}${extra.length ? `; not shown: ${extra.join(", ")}` : ""}. Drag the handles below the bars to choose the period of every panel; click a month to list its events.`
      : "The store has no dated events yet.";
    if (!charts.coverage) return;
    charts.coverage.clear();
    if (!months.length) {
      draw(charts.coverage, { title: placeholder("No dated events in the store yet") });
      return;
    }
    draw(charts.coverage, {
      grid: { left: 44, right: 16, top: 10, bottom: 56 },
      tooltip: { trigger: "axis", renderMode: "richText",
        formatter: (p) => `${monthWords(p[0].name)}: ${counted(p[0].value, "event")}` },
      xAxis: { type: "category", data: months.map((m) => m.month) },
      yAxis: { type: "value", minInterval: 1, splitLine: { lineStyle: { color: "#eef1f4" } } },
      dataZoom: [{ type: "slider", xAxisIndex: 0, height: 18, bottom: 8, filterMode: "none",
        brushSelect: true, labelFormatter: (_, value) => value }],
      series: [{ type: "bar", name: "events", data: months.map((m) => m.events),
        itemStyle: { color: "#486581" }, barMaxWidth: 16 }],
    });
    zoomCoverage();
  }

  // Move the coverage chart's handles to the chosen period (without a round trip).
  function zoomCoverage() {
    if (!charts.coverage) return;
    const months = coverageMonths();
    if (!months.length) return;
    const keys = months.map((m) => m.month);
    const startKey = state.since ? state.since.slice(0, 7) : keys[0];
    const endKey = state.until ? state.until.slice(0, 7) : keys[keys.length - 1];
    let start = keys.indexOf(startKey);
    let end = keys.indexOf(endKey);
    if (start < 0) start = startKey < keys[0] ? 0 : keys.length - 1;
    if (end < 0) end = endKey > keys[keys.length - 1] ? keys.length - 1 : 0;
    state.zooming = true;
    charts.coverage.dispatchAction({ type: "dataZoom", startValue: start, endValue: end });
    state.zooming = false;
  }

  let zoomTimer = 0;
  function onCoverageZoom() {
    if (state.zooming) return;
    clearTimeout(zoomTimer);
    zoomTimer = setTimeout(() => {
      const option = charts.coverage.getOption();
      const zoom = option.dataZoom && option.dataZoom[0];
      const keys = option.xAxis[0].data;
      if (!zoom || !keys.length) return;
      const start = keys[Math.max(0, Math.round(zoom.startValue))];
      const end = keys[Math.min(keys.length - 1, Math.round(zoom.endValue))];
      const whole = start === keys[0] && end === keys[keys.length - 1];
      const since = whole ? "" : `${start}-01`;
      const [y, m] = end.split("-").map(Number);
      const until = whole ? "" : `${end}-${pad(lastDayOf(y, m))}`;
      if (since !== state.since || until !== state.until) setRange(since, until, { fromChart: true });
    }, 250);
  }

  function initCoverage() {
    charts.coverage = echarts.init($("coverage"));
    charts.coverage.on("datazoom", onCoverageZoom);
    charts.coverage.on("click", (params) => {
      if (params.componentType === "series" && params.name) chooseMonth(params.name);
    });
  }

  // A click on a month: the event table lists that month's events (of the other filters).
  function chooseMonth(month) {
    state.month = month;
    state.offset = 0;
    const chip = $("month-filter");
    chip.hidden = false;
    chip.replaceChildren(`${monthWords(month)} only `,
      el("button", { type: "button", className: "chip-close", "aria-label": "show every month of the period", text: "×" }));
    chip.querySelector("button").addEventListener("click", () => {
      state.month = "";
      chip.hidden = true;
      state.offset = 0;
      loadEvents();
    });
    return loadEvents();
  }

  function eventDays() {
    if (state.month) {
      const [y, m] = state.month.split("-").map(Number);
      return { since: `${state.month}-01`, until: `${state.month}-${pad(lastDayOf(y, m))}` };
    }
    return { since: state.since, until: state.until };
  }

  // ---------------------------------------------------------------- relations

  function relationOf(score) {
    if (typeof score !== "number" || !Number.isFinite(score)) return "none";
    if (score > NEUTRAL_BAND) return "cooperative";
    if (score < -NEUTRAL_BAND) return "conflictual";
    return "neutral";
  }

  // How cooperative a relation is: its index (score per unit of weight) when the API gives one.
  function strength(row) {
    return typeof row.index === "number" ? row.index : row.score;
  }

  // ---------------------------------------------------------------- the map

  function drawLegend() {
    const legend = $("map-legend");
    legend.replaceChildren(
      ...["cooperative", "neutral", "conflictual", "none", "chosen"].map((key) => {
        const swatch = el("span", { className: "swatch" });
        swatch.style.background = COLOURS[key]; // CSSOM, not a style attribute (CSP)
        return el("li", {}, swatch, RELATION_LABELS[key]);
      }),
    );
  }

  async function loadShapes() {
    const response = await fetch("/static/vendor/world.geojson");
    if (!response.ok) throw new Error("the country shapes (world.geojson) are missing");
    const world = await response.json();
    for (const feature of world.features) {
      if (!state.names.has(feature.properties.iso3)) {
        state.names.set(feature.properties.iso3, feature.properties.name);
      }
    }
    return world;
  }

  async function loadNames() {
    try {
      const names = await api("/names");
      for (const [code, name] of Object.entries(names.countries || {})) state.names.set(code, name);
      state.sectors = names.sectors || {};
      state.organisations = names.organisations || {};
    } catch (_) {
      // codes stay codes
    }
  }

  function initMap(world) {
    echarts.registerMap("world", world);
    const chart = echarts.init($("map"));
    charts.map = chart;
    draw(chart, {
      tooltip: { trigger: "item", renderMode: "richText", formatter: mapTooltip },
      series: [{
        id: "relations",
        type: "map",
        map: "world",
        nameProperty: "iso3",
        roam: true,
        scaleLimit: { min: 1, max: 12 },
        aspectScale: 0.85,
        left: 4,
        right: 4,
        top: 4,
        bottom: 4,
        selectedMode: false,
        label: { show: false },
        itemStyle: { areaColor: COLOURS.none, borderColor: "#ffffff", borderWidth: 0.5 },
        emphasis: {
          label: { show: false },
          itemStyle: { areaColor: "#cfd6de", borderColor: "#102a43", borderWidth: 1.2 },
        },
        data: [],
      }],
    });
    chart.on("click", (params) => {
      const code = params.name;
      if (!code) return;
      if (!state.actor) chooseState(code);
      else if (code !== state.actor) choosePartner(code);
    });
    state.mapReady = true;
  }

  function mapTooltip(params) {
    const code = params.name;
    const item = params.data || {};
    const head = `${nameOf(code)} (${code})`;
    if (item.relation === "chosen") return `${head}\nthe chosen state`;
    if (!item.n_events) return `${head}\nno events with ${nameOf(state.actor) || "the chosen state"} in ${periodWords()}`;
    return `${head}\n${item.relation}: index ${fmt(item.index)}, ${counted(item.n_events, "event")}`;
  }

  function fillPartners(partners) {
    const select = $("partner");
    const sorted = [...partners].sort((x, y) => (y.n_events || 0) - (x.n_events || 0));
    select.replaceChildren(
      el("option", { value: "", text: partners.length ? "choose a partner…" : "no partners in this period" }),
      ...sorted.map((p) => el("option", { value: p.country,
        text: `${nameOf(p.country)} (${p.country}): ${relationOf(strength(p))}, ${counted(p.n_events || 0, "event")}` })));
    select.value = state.partner;
  }

  async function loadRelations() {
    const mapNode = $("map");
    $("state-name").textContent = state.actor ? nameOf(state.actor) : "—";
    if (!state.actor) {
      mapNode.dataset.state = "";
      fillPartners([]);
      return [];
    }
    showError("map-error", null);
    const actor = state.actor;
    const ticket = ++tickets.relations;
    let partners = [];
    // Dimmed while a slow answer is awaited (not ECharts' spinner: two more redraws of the
    // map and frames drawn all the while, for an answer that mostly comes in milliseconds).
    const slow = setTimeout(() => mapNode.classList.add("loading"), 300);
    try {
      const answer = await api(
        `/relations/${encodeURIComponent(actor)}${query({ since: state.since, until: state.until, actors: actorsParam() })}`);
      partners = (answer.partners || []).filter((p) => p.country && p.country !== actor);
    } catch (error) {
      if (ticket === tickets.relations) showError("map-error", error);
    } finally {
      clearTimeout(slow);
      if (ticket === tickets.relations) mapNode.classList.remove("loading");
    }
    if (actor !== state.actor || ticket !== tickets.relations) return partners;
    if (charts.map) {
      const data = partners.map((p) => {
        const relation = relationOf(strength(p));
        return {
          name: p.country,
          value: p.score,
          index: p.index,
          n_events: p.n_events,
          relation,
          itemStyle: { areaColor: COLOURS[relation] },
          emphasis: { itemStyle: { areaColor: COLOURS[relation] } },
        };
      });
      data.push({
        name: state.actor, value: null, n_events: 0, relation: "chosen",
        itemStyle: { areaColor: COLOURS.chosen },
        emphasis: { itemStyle: { areaColor: COLOURS.chosen } },
      });
      draw(charts.map, { series: [{ id: "relations", data }] });
    }
    mapNode.dataset.state = state.actor;
    mapNode.dataset.partners = String(partners.length);
    mapNode.dataset.actors = actorsParam() || "all";
    fillPartners(partners);
    const between = state.governments ? " between governments" : "";
    $("map-hint").textContent = partners.length
      ? `${nameOf(actor)} has events${between} with ${counted(partners.length, "state")} in ${periodWords()}. Click a country (or pick a partner) to see the dyad and its events.`
      : `${nameOf(actor)} has no events${between} with another state in ${periodWords()}: choose another state${state.governments ? ", a longer period or every actor" : " or a longer period"}.`;
    return partners;
  }

  // ---------------------------------------------------------------- the dyad timeline

  function placeholder(text) {
    return {
      text,
      left: "center",
      top: "middle",
      textStyle: { color: "#616e7c", fontSize: 13, fontWeight: "normal", width: 300, overflow: "break" },
    };
  }

  function initTimeline() {
    charts.timeline = echarts.init($("timeline"));
    drawPlaceholder(charts.timeline, "Choose a state, then a partner");
    charts.timeline.on("click", (params) => {
      const row = (state.series || [])[params.dataIndex];
      if (row && row.start) chooseMonth(row.start.slice(0, 7));
    });
  }

  async function loadTimeline() {
    const a = state.actor;
    const b = state.partner;
    $("dyad-name").textContent = a && b
      ? `${nameOf(a)} – ${nameOf(b)}${state.governments ? " (governments only)" : ""}` : "—";
    $("timeline").dataset.dyad = a && b ? `${a}-${b}` : "";
    if (!charts.timeline) return;
    showError("timeline-error", null);
    if (!a || !b) {
      const text = !a ? "Choose a state, then a partner"
        : `${nameOf(a)} has no partner in ${periodWords()}: choose another state or period`;
      drawPlaceholder(charts.timeline, text);
      return;
    }
    let series = [];
    const ticket = ++tickets.timeline;
    try {
      const path = `/dyads/${encodeURIComponent(a)}/${encodeURIComponent(b)}`;
      const answer = await api(`${path}${query({ by: "month", since: state.since, until: state.until, actors: actorsParam() })}`);
      series = answer.series || [];
    } catch (error) {
      if (ticket === tickets.timeline) showError("timeline-error", error);
    }
    if (ticket !== tickets.timeline) return; // a later dyad was asked for
    state.series = series;
    if (!series.some((row) => row.n_events > 0)) {
      drawPlaceholder(charts.timeline, `No events between ${nameOf(a)} and ${nameOf(b)} in ${periodWords()}`);
      return;
    }
    $("timeline").dataset.gaps = String(series.filter((row) => !(row.n_events > 0)).length);
    drawData(charts.timeline, {
      grid: { left: 44, right: 44, top: 34, bottom: 28 },
      legend: { top: 0, data: ["score", "events"] },
      tooltip: {
        trigger: "axis", renderMode: "richText",
        formatter: (params) => {
          const row = series[params[0].dataIndex] || {};
          const head = row.start ? monthWords(row.start.slice(0, 7)) : params[0].name;
          if (!(row.n_events > 0)) return `${head}\nno events`;
          return `${head}\n${relationOf(strength(row))}: score ${fmt(row.score)}, ${counted(row.n_events, "event")}\nclick to list them`;
        },
      },
      xAxis: { type: "category", data: series.map((row) => row.period) },
      yAxis: [
        { type: "value", name: "score", nameGap: 8, splitLine: { lineStyle: { color: "#eef1f4" } } },
        { type: "value", name: "events", nameGap: 8, minInterval: 1, splitLine: { show: false } },
      ],
      series: [
        {
          name: "events", type: "bar", yAxisIndex: 1, barMaxWidth: 14,
          itemStyle: { color: "#d9dee4" }, data: series.map((row) => row.n_events),
        },
        {
          name: "score", type: "line", symbol: "circle", symbolSize: 9, z: 3,
          connectNulls: false, // a month without events is a gap, not a line across it
          lineStyle: { width: 2.5, color: "#102a43" },
          label: {
            show: series.length <= 24, position: "top", formatter: (p) => fmt(p.value),
          },
          itemStyle: { color: "#102a43" },
          markLine: { silent: true, symbol: "none", lineStyle: { color: "#9aa5b1", type: "dashed" },
            data: [{ yAxis: 0 }], label: { show: false } },
          data: series.map((row) => ({
            value: row.n_events > 0 ? row.score : null,
            itemStyle: { color: COLOURS[relationOf(strength(row))] },
          })),
        },
      ],
    });
  }

  // ---------------------------------------------------------------- the alignment network

  function initNetwork() {
    charts.network = echarts.init($("network"));
    charts.network.on("click", (params) => {
      if (params.dataType === "node") chooseState(params.data.id);
    });
  }

  function listBlocs(answer) {
    const blocs = (answer && answer.blocs) || [];
    const list = $("blocs-list");
    list.replaceChildren(...blocs.map((bloc, index) => {
      const swatch = el("span", { className: "swatch" });
      swatch.style.background = BLOC_PALETTE[index % BLOC_PALETTE.length];
      const countries = [...(bloc.countries || [])].sort((x, y) => nameOf(x).localeCompare(nameOf(y)));
      const items = [];
      countries.forEach((code, i) => {
        if (i) items.push(", ");
        const button = el("button", { type: "button", className: "link", dataset: { state: code },
          title: `show the relations of ${nameOf(code)}`, text: nameOf(code) });
        button.addEventListener("click", () => chooseState(code));
        items.push(button);
      });
      return el("li", {}, swatch, el("strong", { text: `Bloc ${index + 1}` }), ` (${countries.length}): `, ...items);
    }));
    const modularity = answer && typeof answer.modularity === "number" ? answer.modularity : null;
    const frustration = answer && typeof answer.frustration === "number" ? answer.frustration : null;
    const strengthWords = modularity === null ? "" : modularity >= 0.3 ? "clear" : modularity >= 0.1 ? "weak" : "barely any";
    $("blocs-explained").textContent = blocs.length
      ? `Blocs are groups of states whose events with each other are mostly cooperative and with the other blocs mostly conflictual, found by signed modularity over ${periodWords()}. Modularity ${fmt(modularity, 2)} (${strengthWords} structure: 0 is none, 1 the strongest)${frustration === null ? "" : `; ${Math.round(frustration * 100)} % of the relations' weight goes against the blocs`}.`
      : `No blocs in ${periodWords()}: too few relations between states.`;
  }

  async function loadNetwork() {
    showError("network-error", null);
    const ticket = ++tickets.network;
    let answer;
    try {
      answer = await api(`/blocs${query({ since: state.since, until: state.until, actors: actorsParam() })}`);
    } catch (error) {
      if (ticket === tickets.network) showError("network-error", error);
      return null;
    }
    if (ticket !== tickets.network) return answer;
    const blocs = answer.blocs || [];
    const edges = answer.edges || [];
    $("blocs-summary").textContent = blocs.length
      ? `${blocs.length} bloc${blocs.length === 1 ? "" : "s"}, modularity ${fmt(answer.modularity, 2)}`
      : "";
    listBlocs(answer);
    if (!charts.network) return answer;
    const categoryOf = new Map();
    blocs.forEach((bloc, index) => {
      for (const country of bloc.countries || []) categoryOf.set(country, index);
    });
    const degree = new Map();
    for (const edge of edges) {
      for (const side of [edge.a, edge.b]) {
        degree.set(side, (degree.get(side) || 0) + (edge.n_events || 1));
        if (!categoryOf.has(side)) categoryOf.set(side, blocs.length);
      }
    }
    const categories = blocs.map((bloc, index) => ({
      name: `bloc ${index + 1}`,
      itemStyle: { color: BLOC_PALETTE[index % BLOC_PALETTE.length] },
    }));
    if ([...categoryOf.values()].includes(blocs.length)) {
      categories.push({ name: "no bloc", itemStyle: { color: COLOURS.neutral } });
    }
    const ordered = [...categoryOf.entries()].sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0]));
    const nodes = ordered.map(([code, category]) => ({
      id: code,
      name: code,
      category,
      value: degree.get(code) || 0,
      symbolSize: 14 + Math.min(22, 4 * Math.sqrt(degree.get(code) || 0)),
      itemStyle: code === state.actor ? { borderColor: "#102a43", borderWidth: 3 } : undefined,
    }));
    const links = edges.map((edge) => ({
      source: edge.a,
      target: edge.b,
      value: edge.score,
      n_events: edge.n_events,
      lineStyle: {
        color: COLOURS[relationOf(strength(edge))],
        width: 1 + Math.min(5, Math.log2(1 + (edge.n_events || 1))),
        opacity: 0.8,
      },
    }));
    if (!nodes.length) {
      drawPlaceholder(charts.network, `No relations in ${periodWords()}`);
      return answer;
    }
    drawData(charts.network, {
      legend: { top: 0, data: categories.map((c) => c.name) },
      tooltip: {
        renderMode: "richText",
        formatter: (params) => {
          if (params.dataType === "edge") {
            const d = params.data;
            return `${nameOf(d.source)} – ${nameOf(d.target)}\nscore ${fmt(d.value)}, ${counted(d.n_events, "event")}`;
          }
          const name = nameOf(params.data.id);
          return `${name} (${params.data.id})\n${categories[params.data.category].name}`;
        },
      },
      series: [{
        type: "graph",
        // A circle, bloc after bloc: it always fits the panel, and each bloc is one arc.
        layout: "circular",
        circular: { rotateLabel: false },
        roam: true,
        top: 40,
        bottom: 22,
        left: 40,
        right: 40,
        label: { show: nodes.length <= 40, position: "right", fontSize: 11 },
        labelLayout: { hideOverlap: true },
        categories,
        data: nodes,
        links,
        emphasis: { focus: "adjacency" },
      }],
    });
    return answer;
  }

  // ---------------------------------------------------------------- the state selector

  function fillStates(active) {
    const select = $("state");
    const current = select.value;
    const withEvents = [...active].sort((x, y) => nameOf(x).localeCompare(nameOf(y)));
    const others = [...state.names.keys()].filter((code) => !active.has(code))
      .sort((x, y) => nameOf(x).localeCompare(nameOf(y)));
    const label = (code) => (state.names.has(code) ? `${nameOf(code)} (${code})` : code);
    const option = (code) => el("option", { value: code, text: label(code) });
    const groups = [];
    if (withEvents.length) {
      groups.push(el("optgroup", { label: "With events" }, ...withEvents.map(option)));
    }
    if (others.length) groups.push(el("optgroup", { label: "Other states" }, ...others.map(option)));
    select.replaceChildren(el("option", { value: "", text: "choose a state…" }), ...groups);
    select.value = current;
  }

  async function chooseState(code, { fromHash = false } = {}) {
    state.actor = code;
    state.partner = "";
    state.offset = 0;
    state.transfersOffset = 0;
    $("state").value = code;
    if (!fromHash && location.hash.slice(1) !== code) history.pushState(null, "", code ? `#${code}` : "#");
    const form = $("event-filters");
    form.elements.actor.value = code;
    form.elements.partner.value = "";
    // Asked at once, the map first; the dyad waits for the relations, which name its partner.
    const relations = loadRelations();
    const others = [loadEvents(), loadNetwork(), loadTransfers()];
    const partners = await relations;
    const busiest = [...partners].sort((x, y) => (y.n_events || 0) - (x.n_events || 0))[0];
    state.partner = busiest ? busiest.country : "";
    $("partner").value = state.partner;
    await Promise.all([loadTimeline(), ...others]);
  }

  async function choosePartner(code) {
    state.partner = code;
    $("partner").value = code;
    const form = $("event-filters");
    form.elements.actor.value = state.actor;
    form.elements.partner.value = code;
    state.offset = 0;
    await Promise.all([loadTimeline(), loadEvents()]);
  }

  // A state asked for in the address (/#SYR): chosen when the store knows it, else said so.
  async function followHash() {
    const wanted = decodeURIComponent(location.hash.slice(1)).trim();
    if (!wanted) return false;
    const code = codeOf(wanted).toUpperCase();
    if (!state.names.has(code)) {
      showError("error", new Error(`“${wanted.slice(0, 40)}” in the address is not a state: use a code such as #SYR, or choose a state above`));
      return false;
    }
    showError("error", null);
    if (code !== state.actor) await chooseState(code, { fromHash: true });
    return true;
  }

  // ---------------------------------------------------------------- the event table

  function modalityBadge(modality) {
    return el("span", { className: `modality modality-${modality || "factual"}`, text: modality || "" });
  }

  function eventCell(event) {
    const label = event.cameo_name ? `${event.type} · ${event.cameo_name}` : event.type;
    return el("td", { "data-label": "Event", title: `CAMEO ${event.cameo || "–"}, Goldstein ${fmt(event.goldstein)}` }, label);
  }

  function placeCell(place) {
    const text = place ? `${place.name || ""}${place.country ? `, ${nameOf(place.country)}` : ""}` : "";
    return el("td", { "data-label": "Place", text });
  }

  // One event as a table row: date, source, event, target, modality, place, then `last`.
  function eventRow(event, last) {
    return el("tr", { dataset: { eventId: event.id || "" } },
      dateCell(event.date, event.date_precision),
      actorCell(event.source, "Source"),
      eventCell(event),
      actorCell(event.target, "Target"),
      el("td", { "data-label": "Modality" }, modalityBadge(event.modality)),
      placeCell(event.place),
      last);
  }

  // Rows that open something on a click, or on Enter or Space once focused.
  function activatable(row, action, label) {
    row.tabIndex = 0;
    row.setAttribute("role", "button");
    row.setAttribute("aria-label", label);
    row.addEventListener("click", action);
    row.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        action();
      } else if (event.key === "ArrowDown" && row.nextElementSibling) {
        event.preventDefault();
        row.nextElementSibling.focus();
      } else if (event.key === "ArrowUp" && row.previousElementSibling) {
        event.preventDefault();
        row.previousElementSibling.focus();
      }
    });
  }

  function filters() {
    const form = $("event-filters");
    const days = eventDays();
    return {
      actor: codeOf(form.elements.actor.value),
      partner: codeOf(form.elements.partner.value),
      type: form.elements.type.value,
      modality: form.elements.modality.value,
      place: form.elements.place.value.trim(),
      q: form.elements.q.value.trim(),
      since: days.since,
      until: days.until,
      merged: state.merged ? "true" : "",
      sort: state.sort === "-date" ? "" : state.sort,
      actors: actorsParam(),
    };
  }

  function showSort() {
    for (const th of $("events").tHead.rows[0].cells) {
      const key = th.dataset.sort;
      if (!key) continue;
      const sorted = state.sort === key ? "ascending" : state.sort === `-${key}` ? "descending" : null;
      if (sorted) th.setAttribute("aria-sort", sorted);
      else th.removeAttribute("aria-sort");
    }
  }

  async function loadEvents() {
    showError("events-error", null);
    const body = $("events").tBodies[0];
    const ticket = ++tickets.events;
    let answer;
    try {
      answer = await api(`/events${query({ ...filters(), limit: PAGE_SIZE, offset: state.offset })}`);
      if (ticket !== tickets.events) return; // a later request will draw the table
    } catch (error) {
      if (ticket !== tickets.events) return;
      showError("events-error", error);
      body.replaceChildren();
      return;
    }
    state.total = answer.total || 0;
    const items = answer.items || [];
    const rows = items.map((event) => {
      const row = eventRow(event, el("td", { className: "sentence", "data-label": "Sentence", text: event.sentence || "" }));
      activatable(row, () => {
        for (const other of body.rows) other.classList.remove("selected");
        row.classList.add("selected");
        openEvidence(event.id, event.doc_id || "");
      }, `${event.type}: ${actorLabel(event.source)} → ${actorLabel(event.target)}, ${humanDate(event.date, event.date_precision).text}; open its evidence`);
      return row;
    });
    if (!rows.length) {
      const why = state.month ? ` in ${monthWords(state.month)}` : ` in ${periodWords()}`;
      const between = state.governments ? " between governments" : "";
      rows.push(el("tr", { className: "empty" }, el("td", { colspan: 7, text: `No events${between} match${why}.` })));
    }
    body.replaceChildren(...rows);
    const first = items.length ? state.offset + 1 : 0;
    const what = state.merged ? "merged events" : "mentions";
    const between = state.governments ? " between governments" : "";
    $("page-info").textContent = `${first}–${state.offset + items.length} of ${state.total} ${what}${between}`;
    $("events").dataset.actors = actorsParam() || "all";
    $("prev").disabled = state.offset === 0;
    $("next").disabled = state.offset + items.length >= state.total;
  }

  // ---------------------------------------------------------------- downloads

  function exportPath(table, format) {
    if (table === "transfers") {
      return `/export/transfers${query({ format, ...transferFilters() })}`;
    }
    const params = filters();
    return `/export/events${query({ format, ...params })}`;
  }

  async function download(table, format, button) {
    const path = exportPath(table, format);
    const errorId = table === "transfers" ? "transfers-error" : "events-error";
    showError(errorId, null);
    button.disabled = true;
    try {
      const response = await fetch(path, { headers: headers({ Accept: "*/*" }) });
      if (!response.ok) {
        let detail = "";
        try { detail = detailOf(await response.json()); } catch (_) { detail = ""; }
        throw new Error(`download: ${detail || `${response.status} ${response.statusText}`}`);
      }
      const blob = await response.blob();
      const disposition = response.headers.get("Content-Disposition") || "";
      const match = disposition.match(/filename="([^"]+)"/);
      const link = el("a", { href: URL.createObjectURL(blob), download: match ? match[1] : `${table}.${format}` });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    } catch (error) {
      showError(errorId, error);
    } finally {
      button.disabled = false;
    }
  }

  // ---------------------------------------------------------------- evidence in its article

  // The text as nodes, with the spans marked: spans = [{start, end, className, title, inner}],
  // sorted, not overlapping; `inner` optionally marks a sub-span (the trigger in a sentence).
  function markedText(text, spans) {
    const nodes = [];
    let at = 0;
    for (const span of spans) {
      if (span.start < at || span.end > text.length || span.end <= span.start) continue;
      if (span.start > at) nodes.push(document.createTextNode(text.slice(at, span.start)));
      const mark = el("mark", { className: span.className, title: span.title, dataset: span.dataset });
      const inner = span.inner;
      if (inner && inner.start >= span.start && inner.end <= span.end && inner.end > inner.start) {
        mark.append(
          text.slice(span.start, inner.start),
          el("mark", { className: inner.className, text: text.slice(inner.start, inner.end) }),
          text.slice(inner.end, span.end),
        );
      } else {
        mark.textContent = text.slice(span.start, span.end);
      }
      nodes.push(mark);
      at = span.end;
    }
    if (at < text.length) nodes.push(document.createTextNode(text.slice(at)));
    return nodes;
  }

  // Where the evidence sentence is in the text: its offsets, or else where its words are.
  function locate(text, evidence) {
    const { sentence_start: start, sentence_end: end, sentence } = evidence;
    if (Number.isInteger(start) && Number.isInteger(end) && text.slice(start, end) === sentence) {
      return { start, end, shift: 0 };
    }
    const found = sentence ? text.indexOf(sentence) : -1;
    if (found >= 0) return { start: found, end: found + sentence.length, shift: found - (start || 0) };
    return null;
  }

  function safeLink(url, label) {
    if (!url || !/^https?:\/\//i.test(url)) return label;
    return el("a", { href: url, target: "_blank", rel: "noopener noreferrer", text: label });
  }

  function articleHeading(article, fallback) {
    const title = article.title || fallback.title || "untitled article";
    const parts = [safeLink(article.url || fallback.url, title)];
    const outlet = article.source || fallback.source;
    const day = article.date || fallback.date;
    const extra = [outlet, day ? dayWords(day) : "undated"].filter(Boolean).join(", ");
    return [el("strong", {}, ...parts), ` — ${extra}`];
  }

  // `docHint`: the document the table row names, asked for at once beside the event.
  async function openEvidence(id, docHint = "") {
    const panel = $("evidence-panel");
    panel.hidden = false;
    $("table-and-evidence").classList.add("with-evidence");
    showError("evidence-error", null);
    $("evidence-text").replaceChildren();
    $("evidence-title").replaceChildren("loading…");
    const early = docHint
      ? api(`/documents/${encodeURIComponent(docHint)}`).then((found) => ({ found }), (error) => ({ error }))
      : null;
    try {
      const event = await api(`/events/${encodeURIComponent(id)}`);
      const evidence = event.evidence || {};
      const document_ = event.document || {};
      const docId = evidence.doc_id || event.doc_id || document_.id;
      let article;
      if (early && docId === docHint) {
        const asked = await early;
        if (asked.error) throw asked.error;
        article = asked.found;
      } else {
        article = await api(`/documents/${encodeURIComponent(docId)}`);
      }
      $("evidence-title").replaceChildren(...articleHeading(article, document_));
      const source = actorLabel(event.source);
      const target = actorLabel(event.target);
      const when = humanDate(event.date, event.date_precision);
      $("evidence-meta").replaceChildren(
        `${event.type} (${event.cameo || "–"}${event.cameo_name ? ` ${event.cameo_name}` : ""}) · `,
        el("span", { text: `${source} → ${target}` }), " · ",
        modalityBadge(event.modality),
        ` · ${when.text}${event.date_precision && event.date_precision !== "day" ? ` (${event.date_precision})` : ""}`,
        ` · trigger “${event.trigger || ""}” · rule ${[evidence.rule || "–"].flat().join(" ")}`,
        ` · confidence ${fmt(event.confidence, 2)}`);
      const text = article.text || "";
      const where = locate(text, evidence);
      if (!where) {
        $("evidence-text").replaceChildren(text);
        throw new Error("the evidence sentence was not found in the article text");
      }
      const inner = Number.isInteger(evidence.trigger_start)
        ? {
          start: evidence.trigger_start + where.shift,
          end: evidence.trigger_end + where.shift,
          className: "trigger",
        }
        : null;
      $("evidence-text").replaceChildren(...markedText(text, [{
        start: where.start,
        end: where.end,
        className: "evidence-sentence highlight",
        title: `${event.type}: ${source} → ${target}`,
        dataset: { eventId: id },
        inner,
      }]));
      const box = $("evidence-text");
      const mark = box.querySelector("mark.evidence-sentence");
      if (mark) box.scrollTop = Math.max(0, mark.offsetTop - box.offsetTop - 40);
      const rect = panel.getBoundingClientRect();
      if (rect.top < 0 || rect.top > window.innerHeight - 80) panel.scrollIntoView({ block: "nearest" });
    } catch (error) {
      showError("evidence-error", error);
    }
  }

  function closeEvidence() {
    $("evidence-panel").hidden = true;
    $("table-and-evidence").classList.remove("with-evidence");
    const selected = $("events").querySelector("tr.selected");
    if (selected) selected.focus();
  }

  // ---------------------------------------------------------------- arms transfers

  function quantityWords(quantity) {
    if (!quantity) return "";
    if (typeof quantity.value === "number") {
      const number = Number.isInteger(quantity.value) ? String(quantity.value) : fmt(quantity.value, 1);
      return `${quantity.exact === false ? "about " : ""}${number}${quantity.unit ? ` ${quantity.unit}` : ""}`;
    }
    return quantity.text || "";
  }

  function transferRow(t, documentWords) {
    const pair = `${stateWords(t.supplier)} → ${stateWords(t.recipient)}`;
    const evidence = el("td", { className: "sentence", "data-label": "Evidence" }, t.sentence || "");
    if (documentWords) evidence.append(el("span", { className: "code sub", text: documentWords }));
    return el("tr", { dataset: { transferId: t.id || "" } },
      el("td", { "data-label": "Supplier → recipient", text: pair }),
      el("td", { "data-label": "Item", text: t.item || "" }),
      el("td", { "data-label": "Category", text: (t.category || "").replaceAll("_", " ") }),
      el("td", { "data-label": "Quantity", text: quantityWords(t.quantity) }),
      el("td", { "data-label": "Status" }, t.status || "", t.modality && t.modality !== "factual"
        ? el("span", { className: "precision", text: ` · ${t.modality}` }) : null),
      el("td", { "data-label": "Year", text: t.year || "" }),
      evidence);
  }

  function transferFilters() {
    return {
      state: state.transfersAll ? "" : state.actor,
      since: state.since,
      until: state.until,
    };
  }

  async function loadTransfers() {
    showError("transfers-error", null);
    const body = $("transfers").tBodies[0];
    const ticket = ++tickets.transfers;
    const params = transferFilters();
    $("transfers-scope").textContent = `${params.state ? `of ${nameOf(params.state)}` : "of every state"}, articles of ${periodWords()}`;
    let answer;
    try {
      answer = await api(`/transfers${query({ ...params, limit: PAGE_SIZE, offset: state.transfersOffset })}`);
    } catch (error) {
      if (ticket === tickets.transfers) {
        showError("transfers-error", error);
        body.replaceChildren();
      }
      return;
    }
    if (ticket !== tickets.transfers) return;
    const items = answer.items || [];
    const rows = items.map((t) => {
      const doc = t.document || {};
      const words = [doc.title, doc.source, doc.date ? dayWords(doc.date) : ""].filter(Boolean).join(" · ");
      const row = transferRow(t, words);
      if (t.event_id) {
        activatable(row, () => {
          for (const other of body.rows) other.classList.remove("selected");
          row.classList.add("selected");
          openEvidence(t.event_id);
        }, `${t.item} from ${stateWords(t.supplier)} to ${stateWords(t.recipient)}; open its evidence`);
      }
      return row;
    });
    if (!rows.length) {
      rows.push(el("tr", { className: "empty" }, el("td", { colspan: 7,
        text: `No arms transfers ${params.state ? `of ${nameOf(params.state)} ` : ""}in articles of ${periodWords()}.` })));
    }
    body.replaceChildren(...rows);
    const total = answer.total || 0;
    const first = items.length ? state.transfersOffset + 1 : 0;
    $("transfers-info").textContent = `${first}–${state.transfersOffset + items.length} of ${counted(total, "transfer")}`;
    $("transfers-prev").disabled = state.transfersOffset === 0;
    $("transfers-next").disabled = state.transfersOffset + items.length >= total;
  }

  // ---------------------------------------------------------------- paste an article

  function articleBody() {
    const form = $("extract-form");
    return {
      text: form.elements.text.value,
      date: form.elements.date.value || null,
      title: form.elements.title.value.trim() || null,
    };
  }

  // The pasted text with its places and dates marked, and one event's sentence highlighted.
  function drawExtractText(chosen) {
    const { answer, text } = state.extracted;
    const places = answer.places || [];
    const dates = answer.dates || [];
    let spans = [
      ...places.map((p) => ({
        start: p.start, end: p.end, className: "place",
        title: `${p.name || p.text}${p.country ? `, ${nameOf(p.country)}` : ""} (${p.reading || "place"})`,
      })),
      ...dates.map((d) => ({ start: d.start, end: d.end, className: "date", title: humanDate(d.value).text })),
    ].filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end))
      .sort((x, y) => x.start - y.start || y.end - x.end);
    if (chosen) {
      const ev = chosen.evidence || chosen;
      const where = locate(text, ev);
      if (where) {
        spans = spans.filter((s) => s.end <= where.start || s.start >= where.end);
        const inner = Number.isInteger(ev.trigger_start)
          ? { start: ev.trigger_start + where.shift, end: ev.trigger_end + where.shift, className: "trigger" }
          : null;
        spans.push({ start: where.start, end: where.end, className: "evidence-sentence highlight", inner,
          dataset: { eventId: chosen.id || "" } });
        spans.sort((x, y) => x.start - y.start || y.end - x.end);
      }
    }
    $("extract-text").replaceChildren(...markedText(text, spans));
    const mark = $("extract-text").querySelector("mark.evidence-sentence");
    if (mark) {
      const box = $("extract-text");
      box.scrollTop = Math.max(0, mark.offsetTop - box.offsetTop - 40);
    }
  }

  function renderExtract(answer, text) {
    state.extracted = { answer, text };
    drawExtractText(null);
    const places = answer.places || [];
    const dates = answer.dates || [];
    const events = answer.events || [];
    const body = $("extract-events").tBodies[0];
    const rows = events.map((event) => {
      const row = eventRow(event, el("td", { "data-label": "Trigger", text: event.trigger || "" }));
      activatable(row, () => {
        for (const other of body.rows) other.classList.remove("selected");
        row.classList.add("selected");
        drawExtractText(event);
      }, `${event.type}: ${actorLabel(event.source)} → ${actorLabel(event.target)}; highlight its sentence`);
      return row;
    });
    if (!rows.length) {
      rows.push(el("tr", { className: "empty" }, el("td", { colspan: 7, text: "No events found." })));
    }
    body.replaceChildren(...rows);

    const transfers = answer.transfers || [];
    const tbody = $("extract-transfers").tBodies[0];
    const trows = transfers.map((t) => {
      const row = transferRow(t, "");
      activatable(row, () => drawExtractText(t), `${t.item}; highlight its sentence`);
      return row;
    });
    if (!trows.length) {
      trows.push(el("tr", { className: "empty" }, el("td", { colspan: 7, text: "No arms transfers found." })));
    }
    tbody.replaceChildren(...trows);

    // One line per place, however often the article names it.
    const merged = new Map();
    for (const p of places) {
      const key = `${p.name || p.text}|${p.country || ""}|${p.reading || ""}`;
      const seen = merged.get(key);
      if (seen) {
        seen.count += 1;
        if (p.text && !seen.words.includes(p.text)) seen.words.push(p.text);
      } else merged.set(key, { place: p, count: 1, words: p.text ? [p.text] : [] });
    }
    const items = [...merged.values()].map(({ place: p, count, words }) => el("li", { className: "place-item" },
      el("strong", { text: p.name || p.text }),
      p.country ? ` (${nameOf(p.country)})` : "",
      typeof p.lat === "number" ? ` ${fmt(p.lat, 2)}, ${fmt(p.lon, 2)}` : "",
      p.reading && p.reading !== "place" ? ` · read as ${p.reading}` : "",
      words.some((w) => w !== p.name) ? ` · “${words.join("”, “")}”` : "",
      count > 1 ? ` · ${count} times` : ""));
    if (!items.length) items.push(el("li", { className: "muted", text: "No places found." }));
    $("extract-places").replaceChildren(...items);
    const doc = answer.document || {};
    const undated = $("extract-undated");
    undated.hidden = Boolean(doc.date);
    undated.textContent = doc.date ? "" : "This article is undated: give its date above, or relative dates (“on Tuesday”) cannot be placed and its events are dated only where the text names a day.";
    undated.dataset.window = "";
    const inferred = doc.date ? null : doc.date_window;
    if (inferred && (inferred.start || inferred.end)) {
      // The days its clues (leaders in office, past-tense years) leave: said, with why.
      const span = inferred.start && inferred.end
        ? `between ${dayWords(inferred.start)} and ${dayWords(inferred.end)}`
        : inferred.start ? `on or after ${dayWords(inferred.start)}` : `on or before ${dayWords(inferred.end)}`;
      undated.dataset.window = `${inferred.start || ""}..${inferred.end || ""}`;
      const reasons = (inferred.reasons || []).slice(0, 6).map((r) => el("li", { text: r }));
      undated.replaceChildren(
        `${undated.textContent} Its clues place its writing ${span}:`,
        el("ul", { className: "window-reasons" }, ...reasons));
    }
    $("extract-result").hidden = false;
    $("extract-status").textContent = [
      counted(events.length, "event"), counted(transfers.length, "transfer"),
      counted(merged.size, "place"), counted(dates.length, "date"),
    ].join(", ") + (doc.date ? `; dated ${dayWords(String(doc.date).slice(0, 10))}` : "");
  }

  async function extractArticle(submitEvent) {
    submitEvent.preventDefault();
    showError("extract-error", null);
    const body = articleBody();
    if (!body.text.trim()) return;
    $("extract-status").textContent = "reading…";
    try {
      const answer = await api("/extract", { method: "POST", body });
      renderExtract(answer, body.text);
    } catch (error) {
      $("extract-status").textContent = "";
      showError("extract-error", error);
    }
  }

  async function ingestArticle() {
    showError("extract-error", null);
    const body = articleBody();
    if (!body.text.trim()) return;
    $("extract-status").textContent = "storing…";
    try {
      const answer = await api("/ingest", { method: "POST", body: { ...body, url: null } });
      let title = body.title;
      if (!title) {
        try {
          const stored = await api(`/documents/${encodeURIComponent(answer.doc_id)}`);
          title = stored.title;
        } catch (_) {
          title = null;
        }
      }
      const name = title ? `“${title}”` : "the article (untitled)";
      $("extract-status").textContent = answer.new
        ? `stored ${name}: ${counted(answer.events, "event")}`
        : `${name} is already in the store`;
      await refresh();
    } catch (error) {
      $("extract-status").textContent = "";
      showError("extract-error", error);
    }
  }

  // ---------------------------------------------------------------- start

  async function loadHealth() {
    try {
      const health = await api("/health");
      $("health").textContent =
        `${counted(health.documents, "document")} · ${counted(health.events, "event")}`;
      showError("error", null);
    } catch (error) {
      showError("error", error);
    }
  }

  // The panels the "governments only" switch changes: map, dyad, network and the event table
  // (the transfers list every supplier and recipient either way).
  async function refreshRelations() {
    state.offset = 0;
    await refreshPanels({ transfers: false });
  }

  // Every panel, for the current state and period, their requests sent at once: the dyad and
  // the events with the current partner, asked again without it when the state's relations
  // show that the partner has gone (another period, governments only).
  async function refreshPanels({ transfers = true } = {}) {
    const relations = state.actor ? loadRelations() : null; // first: the map is the main panel
    const jobs = [loadNetwork(), transfers ? loadTransfers() : null];
    let events = loadEvents();
    let timeline = state.actor && state.partner ? loadTimeline() : null;
    if (relations) {
      const partners = await relations;
      if (state.partner && !partners.some((p) => p.country === state.partner)) {
        const busiest = [...partners].sort((x, y) => (y.n_events || 0) - (x.n_events || 0))[0];
        state.partner = busiest ? busiest.country : "";
        $("partner").value = state.partner;
        $("event-filters").elements.partner.value = "";
        events = loadEvents();
        timeline = loadTimeline();
      } else if (!timeline) {
        timeline = loadTimeline();
      }
    }
    const [blocs] = await Promise.all([...jobs, events, timeline]);
    return blocs;
  }

  async function refresh() {
    await Promise.all([loadHealth(), loadCoverage()]);
    const blocs = await refreshPanels();
    const active = new Set();
    for (const edge of (blocs && blocs.edges) || []) {
      active.add(edge.a);
      active.add(edge.b);
    }
    fillStates(active);
    return blocs;
  }

  function busiestState(blocs) {
    const activity = new Map();
    for (const edge of (blocs && blocs.edges) || []) {
      for (const side of [edge.a, edge.b]) {
        activity.set(side, (activity.get(side) || 0) + (edge.n_events || 0));
      }
    }
    return [...activity.entries()].sort((x, y) => y[1] - x[1]).map(([code]) => code)[0] || "";
  }

  function wire() {
    const form = $("event-filters");
    for (const type of PLOVER_TYPES) form.elements.type.append(el("option", { value: type, text: type }));
    for (const m of MODALITIES) form.elements.modality.append(el("option", { value: m, text: m }));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      state.offset = 0;
      loadEvents();
    });
    form.addEventListener("reset", () => {
      setTimeout(() => {
        state.offset = 0;
        state.month = "";
        $("month-filter").hidden = true;
        loadEvents();
      });
    });
    for (const th of $("events").tHead.rows[0].cells) {
      const key = th.dataset.sort;
      if (!key) continue;
      th.querySelector("button").addEventListener("click", () => {
        state.sort = state.sort === key ? `-${key}` : state.sort === `-${key}` ? key : (key === "date" ? "-date" : key);
        state.offset = 0;
        showSort();
        loadEvents();
      });
    }
    for (const button of document.querySelectorAll("button[data-export]")) {
      button.addEventListener("click", () => download(button.dataset.export, button.dataset.format, button));
    }
    $("prev").addEventListener("click", () => {
      state.offset = Math.max(0, state.offset - PAGE_SIZE);
      loadEvents();
    });
    $("next").addEventListener("click", () => {
      state.offset += PAGE_SIZE;
      loadEvents();
    });
    $("transfers-prev").addEventListener("click", () => {
      state.transfersOffset = Math.max(0, state.transfersOffset - PAGE_SIZE);
      loadTransfers();
    });
    $("transfers-next").addEventListener("click", () => {
      state.transfersOffset += PAGE_SIZE;
      loadTransfers();
    });
    $("transfers-all").addEventListener("change", (event) => {
      state.transfersAll = event.target.checked;
      state.transfersOffset = 0;
      loadTransfers();
    });
    $("state").addEventListener("change", (event) => chooseState(event.target.value));
    $("partner").addEventListener("change", (event) => {
      if (event.target.value) choosePartner(event.target.value);
    });
    $("range").addEventListener("submit", applyRange);
    $("all-time").addEventListener("click", () => setRange("", ""));
    $("merged").addEventListener("change", (event) => {
      state.merged = event.target.checked;
      state.offset = 0;
      loadEvents();
    });
    $("governments").addEventListener("change", (event) => {
      state.governments = event.target.checked;
      refreshRelations();
    });
    $("evidence-close").addEventListener("click", closeEvidence);
    $("token").value = state.token;
    $("token-box").addEventListener("submit", (event) => event.preventDefault());
    $("token").addEventListener("change", (event) => {
      state.token = event.target.value.trim();
      sessionStorage.setItem("realpolitik-token", state.token);
      refresh();
    });
    $("extract-form").addEventListener("submit", extractArticle);
    $("ingest").addEventListener("click", ingestArticle);
    window.addEventListener("hashchange", followHash);
    window.addEventListener("popstate", followHash);
    window.addEventListener("resize", () => {
      for (const chart of Object.values(charts)) chart.resize();
    });
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && !$("evidence-panel").hidden) closeEvidence();
    });
  }

  // A chart is drawn at its box's size when it is made; the boxes change later (a banner such
  // as "#XYZ is not a state", panels filling in, cards on a phone), so each chart follows its
  // box. Without this the map kept its first size and spilled over its legend.
  function followSizes() {
    if (typeof ResizeObserver === "undefined") return;
    const pending = new Set();
    let frame = 0;
    const observer = new ResizeObserver((entries) => {
      for (const entry of entries) pending.add(entry.target);
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        for (const chart of Object.values(charts)) {
          if (pending.has(chart.getDom())) chart.resize();
        }
        pending.clear();
      });
    });
    for (const chart of Object.values(charts)) observer.observe(chart.getDom());
  }

  async function start() {
    wire();
    drawLegend();
    showSort();
    const haveCharts = typeof window.echarts !== "undefined";
    const [, world] = await Promise.all([loadNames(), loadShapes().catch(() => null)]);
    if (!haveCharts || !world) {
      $("assets-missing").hidden = false;
      for (const id of ["map", "timeline", "network", "coverage"]) {
        $(id).replaceChildren(el("p", { className: "muted",
          text: `Charts unavailable: assets not built. Run ${BUILD_COMMAND}` }));
        $(id).classList.add("unavailable");
      }
      $("map-legend").hidden = true;
    } else {
      initMap(world);
      initTimeline();
      initNetwork();
      initCoverage();
      followSizes();
    }
    showRange();
    const blocs = await refresh();
    const followed = await followHash();
    if (!followed && !state.actor) {
      const first = busiestState(blocs);
      if (first) await chooseState(first, { fromHash: true });
    }
    document.body.dataset.ready = "true";
  }

  window.realpolitik = {
    COLOURS, charts, state, chooseState, choosePartner, chooseMonth, setRange, relationOf,
    humanDate, actorLabel, codeOf,
  };
  start();
})();
