// The daemon's HTTP API as the page uses it: JSON requests with the API token (when the
// daemon has one), and the streamed chat completion read as server-sent events.

const TOKEN_KEY = "sleepllm.token";

export class ApiError extends Error {
  constructor(status, message, data) {
    super(message);
    this.status = status;
    this.data = data;
  }
}

export function setToken(token) {
  if (token) localStorage.setItem(TOKEN_KEY, token);
  else localStorage.removeItem(TOKEN_KEY);
}

function headers(json) {
  const out = json ? { "Content-Type": "application/json" } : {};
  const token = localStorage.getItem(TOKEN_KEY);
  if (token) out.Authorization = `Bearer ${token}`;
  return out;
}

async function failure(response) {
  if (response.status === 401) {
    // The page asks for the token (app.js), then reloads what failed.
    document.dispatchEvent(new CustomEvent("sleepllm:unauthorized"));
  }
  const data = await response.json().catch(() => null);
  const message = data?.error?.message || `${response.status} ${response.statusText}`;
  return new ApiError(response.status, message, data);
}

export async function request(method, path, body) {
  const init = { method, headers: headers(body !== undefined) };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(path, init);
  if (!response.ok) throw await failure(response);
  return response.json();
}

export const get = (path) => request("GET", path);
export const post = (path, body) => request("POST", path, body);
export const del = (path) => request("DELETE", path);

// Yields each chunk of POST /v1/chat/completions with stream: true as it arrives.
export async function* streamChat(body) {
  const response = await fetch("/v1/chat/completions", {
    method: "POST", headers: headers(true), body: JSON.stringify({ ...body, stream: true }),
  });
  if (!response.ok) throw await failure(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    // An event ends at a blank line; a read may hold several events, or part of one.
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      for (const line of event.split("\n")) {
        if (!line.startsWith("data:")) continue;
        const data = line.slice(5).trim();
        if (data === "[DONE]") return;
        const chunk = JSON.parse(data);
        if (chunk.error) throw new ApiError(500, chunk.error.message, chunk);
        yield chunk;
      }
    }
  }
}
