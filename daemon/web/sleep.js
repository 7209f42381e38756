// The sleep tab: "sleep now" and the running cycle's stages and training steps with the
// loss; the history of sleeps with each stage's seconds and the general benchmark before
// and after (a small chart); the model versions, with rollback.

import { get, post } from "./api.js";
import { $, el, showError, when } from "./dom.js";
import { drawBenchmarks, drawLoss } from "./charts.js";

const POLL_MS = 700;
let watching = null; // the id of the cycle being watched
let losses = []; // [step, loss] of the watched cycle's training, as polled
let onFinished = () => {};

export function initSleep(finished) {
  onFinished = finished;
  $("#sleep-now").addEventListener("click", sleepNow);
  $("#rollback").addEventListener("click", rollback);
}

export async function loadSleep() {
  const [overview, versions] = await Promise.all([get("/sleep"), get("/sleep/versions")]);
  $("#next-run").textContent = overview.next_run
    ? `next nightly sleep ${when(overview.next_run)}` : "nightly sleep is off";
  renderHistory(overview.cycles);
  drawBenchmarks($("#bench-chart"), overview.cycles);
  renderVersions(versions);
  if (overview.running && watching === null) watch(overview.running.id);
}

async function sleepNow() {
  try {
    const started = await post("/sleep");
    await watch(started.id);
  } catch (error) {
    // 409: one is running already (say, the nightly one): watch that one.
    if (error.status === 409 && error.data?.id) await watch(error.data.id);
    else showError($("#next-run"), error);
  }
}

async function watch(id) {
  if (watching !== null) return;
  watching = id;
  losses = [];
  $("#sleep-now").disabled = true;
  $("#sleep-live").hidden = false;
  $("#sleep-result").textContent = "";
  $("#sleep-result").removeAttribute("data-status");
  $("#sleep-title").textContent = `Sleep #${id}`;
  try {
    for (;;) {
      const cycle = await get(`/sleep/${id}`);
      renderLive(cycle);
      if (cycle.status !== "running") break;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } catch (error) {
    showError($("#sleep-result"), error);
  } finally {
    watching = null;
    $("#sleep-now").disabled = false;
  }
  await loadSleep();
  await onFinished();
}

function stageItem(stage) {
  const extra = stage.status === "ok" ? "" : ` (${stage.status})`;
  return el("li", { class: `stage ${stage.status}`, "data-stage": stage.name },
    `${stage.name} ${stage.seconds.toFixed(1)} s${extra}`);
}

function renderLive(cycle) {
  const items = cycle.stages.map(stageItem);
  const current = cycle.current;
  if (current) items.push(el("li", { class: "stage current" }, `${current.stage}…`));
  $("#stage-list").replaceChildren(...items);
  const bar = $("#train-progress");
  if (current?.steps) {
    bar.max = current.steps;
    bar.value = current.step;
    $("#train-step").textContent =
      `training step ${current.step}/${current.steps}, loss ${current.loss.toFixed(3)}`;
    if (!losses.length || losses[losses.length - 1][0] !== current.step) {
      losses.push([current.step, current.loss]);
    }
  }
  // The train stage's record: the steps it ran and the last loss (the polls may have
  // missed the final steps).
  const trained = cycle.stages.filter((s) => s.name === "train" && s.detail?.steps).pop();
  if (trained) {
    bar.max = trained.detail.steps;
    bar.value = trained.detail.steps;
    $("#train-step").textContent = `trained ${trained.detail.steps} steps, ` +
      `final loss ${trained.detail.final_loss.toFixed(3)}`;
  }
  drawLoss($("#loss-chart"), losses);
  if (cycle.status !== "running") {
    const result = $("#sleep-result");
    result.dataset.status = cycle.status;
    result.textContent = `${cycle.status}${cycle.verdict ? ` (${cycle.verdict})` : ""}` +
      (cycle.error ? `: ${cycle.error}` : "");
  }
}

function stageSeconds(cycle) {
  return cycle.stages.map((s) => `${s.name} ${s.seconds.toFixed(1)}`).join(" · ");
}

function renderHistory(cycles) {
  $("#sleep-history tbody").replaceChildren(...cycles.map((c) => {
    const v = c.validation || {};
    const bench = v.benchmark_before === undefined ? ""
      : `${v.benchmark_before.toFixed(2)} → ${v.benchmark_after.toFixed(2)}`;
    return el("tr", { "data-cycle-id": c.id, "data-status": c.status },
      el("td", {}, c.id), el("td", {}, `${when(c.started_at)} (${c.trigger})`),
      el("td", {}, c.status + (c.verdict ? ` (${c.verdict})` : ""),
        c.error ? el("div", { class: "reason" }, c.error) : null),
      el("td", { class: "stages" }, stageSeconds(c)), el("td", {}, bench),
      el("td", {}, v.recall_probe === undefined ? "" : v.recall_probe.toFixed(2)));
  }));
}

function renderVersions({ served, versions }) {
  $("#versions tbody").replaceChildren(...versions.map((v) => el("tr",
    { "data-version-id": v.id, class: v.id === served ? "served" : null },
    el("td", {}, v.id), el("td", {}, when(v.created_at)),
    el("td", {}, v.cycle_id === null ? "" : `#${v.cycle_id}`),
    el("td", {}, v.id === served ? `${v.status} (serving now)` : v.status),
    el("td", {}, v.fact_count),
    el("td", { class: "muted" }, v.served_from ? `${when(v.served_from)} – ${when(v.served_until)}` : ""),
    el("td", { class: "muted" }, v.note || ""))));
  const base = served === null ? " The base model is served." : "";
  $("#rollback").title = `Serve the version before the current one again.${base}`;
}

async function rollback() {
  if (!window.confirm("Serve the previous model version again?")) return;
  const out = $("#rollback-result");
  out.classList.remove("error");
  try {
    const done = await post("/sleep/rollback");
    const note = done.version?.note ? ` (${done.version.note})` : "";
    out.textContent = done.model_version === null
      ? "now serving the base model" : `now serving version ${done.model_version}${note}`;
  } catch (error) {
    showError(out, error);
  }
  await loadSleep();
}
