// The page's entry point: tabs, the API token form, the header's status line, and the
// first load of each tab.

import { get, setToken } from "./api.js";
import { initChat, loadConversations } from "./chat.js";
import { $, showError } from "./dom.js";
import { initMemory, loadMemory } from "./memory.js";
import { initSleep, loadSleep } from "./sleep.js";

const LOADERS = { chat: loadConversations, memory: loadMemory, sleep: loadSleep };

function showTab(name) {
  for (const tab of document.querySelectorAll(".tab")) {
    tab.classList.toggle("active", tab.dataset.tab === name);
  }
  for (const panel of document.querySelectorAll(".panel")) panel.hidden = panel.id !== name;
  return load(name);
}

async function load(name) {
  try {
    await LOADERS[name]();
  } catch (error) {
    if (error.status !== 401) showError($("#status"), error);
  }
}

async function refreshStatus() {
  try {
    const health = await get("/health");
    const version = health.model_version === null ? "base" : `version ${health.model_version}`;
    $("#status").classList.remove("error");
    $("#status").textContent = `${health.model} (${version})${health.sleeping ? " · sleeping" : ""}`;
  } catch (error) {
    showError($("#status"), error);
  }
}

function initAuth() {
  document.addEventListener("sleepllm:unauthorized", () => {
    $("#auth").hidden = false;
    $("#token").focus();
  });
  $("#auth").addEventListener("submit", (event) => {
    event.preventDefault();
    setToken($("#token").value.trim());
    $("#token").value = "";
    $("#auth").hidden = true;
    showTab(document.querySelector(".tab.active").dataset.tab);
  });
}

function init() {
  initAuth();
  initChat();
  initMemory();
  // After a sleep the memory has changed (facts learned) and so has the served version.
  initSleep(async () => {
    await Promise.all([load("memory"), refreshStatus()]);
  });
  for (const tab of document.querySelectorAll(".tab")) {
    tab.addEventListener("click", () => showTab(tab.dataset.tab));
  }
  refreshStatus();
  setInterval(refreshStatus, 10000);
  showTab("chat");
  load("sleep"); // picks up a sleep already running
}

init();
