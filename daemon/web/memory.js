// The memory tab: every fact with its state, where it came from and when, a button to
// forget it; and the question/answer pairs the firewall turned down, with its reasons.

import { del, get } from "./api.js";
import { $, el, showError, when } from "./dom.js";

// States a fact can still be forgotten from (the others are out of memory already).
const FORGETTABLE = new Set(["pending", "learned", "graduated", "withheld"]);

export function initMemory() {
  $("#state-filter").addEventListener("change", () => loadMemory());
}

export async function loadMemory() {
  const state = $("#state-filter").value;
  const [memory, rejected] = await Promise.all([
    get(state ? `/memories?state=${encodeURIComponent(state)}` : "/memories"),
    get("/memories/rejected"),
  ]);
  renderCounts(memory);
  const facts = [...memory.facts].reverse(); // newest first
  $("#facts tbody").replaceChildren(...facts.map((f) => factRow(f, memory.messages)));
  $("#facts-empty").hidden = facts.length > 0;
  $("#rejected tbody").replaceChildren(...rejected.pairs.map((p) => el("tr", {},
    el("td", {}, p.question), el("td", {}, p.answer),
    el("td", { class: "reason" }, p.reason || ""),
    el("td", {}, p.cycle_id === null ? "" : `#${p.cycle_id}`))));
  $("#rejected-empty").hidden = rejected.pairs.length > 0;
}

function renderCounts(memory) {
  const parts = Object.entries(memory.counts).filter(([, n]) => n > 0)
    .map(([state, n]) => el("span", { class: `badge ${state}` }, `${n} ${state}`));
  parts.push(el("span", { class: "muted" },
    `${memory.unslept_user_messages} messages not slept on yet`));
  $("#memory-counts").replaceChildren(...parts);
}

function factRow(fact, messages) {
  const sources = fact.source_message_ids.map((id) => messages[id]).filter(Boolean);
  const said = sources.map((m) => el("div", { class: "source" },
    el("q", {}, m.content), el("span", { class: "muted" }, ` ${when(m.created_at)}`)));
  const state = el("td", { class: "state" }, el("span", { class: `badge ${fact.state}` }, fact.state));
  if (fact.reason) state.append(el("div", { class: "reason" }, fact.reason));
  if (fact.superseded_by) state.append(el("div", { class: "muted" }, `by fact #${fact.superseded_by}`));
  const action = FORGETTABLE.has(fact.state)
    ? el("button", { type: "button", class: "forget", onclick: () => forget(fact) }, "Forget")
    : null;
  return el("tr", { "data-fact-id": fact.id, "data-state": fact.state },
    el("td", { class: "fact" }, fact.text), state, el("td", {}, said),
    el("td", { class: "muted" }, when(fact.updated_at)), el("td", {}, action));
}

async function forget(fact) {
  if (!window.confirm(`Forget "${fact.text}"? The next sleep trains without it.`)) return;
  try {
    await del(`/memories/${fact.id}`);
    await loadMemory();
  } catch (error) {
    showError($("#memory-counts"), error);
  }
}
