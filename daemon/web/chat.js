// The chat tab: the conversation list and a conversation, the reply streamed in as the
// model writes it.

import { get, streamChat } from "./api.js";
import { $, el, when } from "./dom.js";

let current = null; // the open conversation's id; null: a new one

export function initChat() {
  $("#chat-form").addEventListener("submit", (event) => {
    event.preventDefault();
    send();
  });
  $("#chat-input").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      send();
    }
  });
  $("#new-chat").addEventListener("click", () => {
    current = null;
    $("#messages").replaceChildren();
    markOpen();
    $("#chat-input").focus();
  });
}

export async function loadConversations() {
  const { conversations } = await get("/conversations");
  $("#conversation-list").replaceChildren(...conversations.map((c) => el("li", {},
    el("button", { type: "button", "data-id": c.id, onclick: () => open(c.id) },
      el("span", { class: "title" }, c.title || "(no text)"),
      el("span", { class: "muted" }, `${when(c.last_at)} · ${c.messages} messages`)))));
  markOpen();
}

function markOpen() {
  for (const button of document.querySelectorAll("#conversation-list button")) {
    button.classList.toggle("active", button.dataset.id === current);
  }
}

async function open(id) {
  const { messages } = await get(`/conversations/${encodeURIComponent(id)}`);
  current = id;
  $("#messages").replaceChildren(...messages.map((m) => bubble(m.role, m.content)));
  markOpen();
  scrollDown();
}

function bubble(role, text) {
  return el("div", { class: `message ${role}` }, text);
}

function scrollDown() {
  const box = $("#messages");
  box.scrollTop = box.scrollHeight;
}

async function send() {
  const input = $("#chat-input");
  const text = input.value.trim();
  if (!text || $("#send").disabled) return;
  input.value = "";
  $("#send").disabled = true;
  const reply = bubble("assistant", "");
  reply.classList.add("streaming");
  $("#messages").append(bubble("user", text), reply);
  scrollDown();
  // Only the new message: the daemon keeps the conversation and rebuilds its context
  // (with the rolling summary) from what it stored.
  const body = { model: "sleepllm", messages: [{ role: "user", content: text }] };
  if (current) body.conversation_id = current;
  try {
    for await (const chunk of streamChat(body)) {
      current = current || chunk.conversation_id;
      const delta = chunk.choices?.[0]?.delta?.content;
      if (delta) {
        reply.textContent += delta;
        scrollDown();
      }
    }
  } catch (error) {
    reply.append(el("span", { class: "error" }, ` [${error.message}]`));
  } finally {
    reply.classList.replace("streaming", "done");
    $("#send").disabled = false;
    input.focus();
  }
  await loadConversations();
}
