// Two small inline SVG charts: the training loss of the sleep being watched, and the
// general benchmark before and after each recent sleep.

import { svg } from "./dom.js";

export function drawLoss(target, points) {
  const width = Number(target.getAttribute("width"));
  const height = Number(target.getAttribute("height"));
  target.replaceChildren();
  if (points.length < 2) return;
  const steps = points.map((p) => p[0]);
  const values = points.map((p) => p[1]);
  const [x0, x1] = [Math.min(...steps), Math.max(...steps)];
  const [y0, y1] = [Math.min(...values), Math.max(...values)];
  const x = (s) => 4 + ((s - x0) / (x1 - x0 || 1)) * (width - 8);
  const y = (v) => 4 + (1 - (v - y0) / (y1 - y0 || 1)) * (height - 20);
  const line = points.map((p) => `${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join(" ");
  target.append(svg("polyline", { points: line, class: "loss" }),
    svg("text", { x: 4, y: height - 2, class: "axis" },
      `loss ${values[0].toFixed(2)} → ${values[values.length - 1].toFixed(2)}`));
}

export function drawBenchmarks(target, cycles) {
  const width = Number(target.getAttribute("width"));
  const height = Number(target.getAttribute("height"));
  target.replaceChildren();
  // Oldest on the left; only sleeps that got as far as validation have scores.
  const scored = cycles.filter((c) => c.validation?.benchmark_before !== undefined).reverse();
  if (!scored.length) {
    target.append(svg("text", { x: 4, y: 20, class: "axis" }, "no validated sleep yet"));
    return;
  }
  const plot = height - 18;
  const slot = Math.min(60, (width - 8) / scored.length);
  const bar = (slot - 8) / 2;
  scored.forEach((cycle, i) => {
    const left = 4 + i * slot;
    const v = cycle.validation;
    [[v.benchmark_before, "before"], [v.benchmark_after, "after"]].forEach(([score, kind], j) => {
      const h = Math.max(1, score * (plot - 4));
      target.append(svg("rect", { x: left + j * bar, y: plot - h, width: bar - 1, height: h,
        class: `bar ${kind}` }, undefined));
      target.lastChild.append(svg("title", {}, `sleep #${cycle.id} ${kind}: ${score.toFixed(2)}`));
    });
    target.append(svg("text", { x: left, y: height - 4, class: "axis" }, `#${cycle.id}`));
  });
}
