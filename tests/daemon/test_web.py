"""The web page at ``/``, in a real headless browser (Debian's chromium, driven by
Playwright through ``executable_path``), against the real daemon and embedded model.

* the page's own JSON routes: conversations, the messages facts came from, what the
  firewall turned down, model versions (plain HTTP, no browser);
* the page: chat with a streamed reply; a real sleep started from the page, its stages
  and training steps followed to the end; the fact it learned in the memory list;
  forgetting it. It saves the screenshots the README shows (``docs/web-*.png``);
* with an API token, the page asks for it and then works.

The browser tests skip, saying why, where chromium is not installed (``scripts/setup.sh``
installs it). The sleep is the short real one of ``tests/daemon_proc.fast_sleep_env``
(three statements, a few epochs): two to four minutes on 2 CPU cores.

    .venv/bin/python -m pytest tests/daemon/test_web.py -q
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from memory_store import open_store
from tests.daemon_proc import STATEMENTS, write_benchmark

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
WEB_DIR = ROOT / "daemon" / "web"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium on PATH (scripts/setup.sh installs Debian's)")
SLEEP_TIMEOUT_MS = 15 * 60 * 1000
TOKEN = "a-token-for-the-page"
# Learned, or graduated already (the weights alone answered it right after the sleep).
LEARNED = re.compile(r"^(learned|graduated)$")


# --- the JSON routes the page reads ----------------------------------------------------
def test_page_and_its_files_are_served(daemon: Any) -> None:
    page = daemon.http.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in page.headers["content-security-policy"]
    files = sorted(p.name for p in WEB_DIR.iterdir() if p.suffix in (".js", ".css"))
    assert {"app.js", "style.css"} <= set(files)
    texts = [page.text]
    for name in files:
        served = daemon.http.get(f"/web/{name}")
        assert served.status_code == 200, name
        kind = "css" if name.endswith(".css") else "javascript"  # modules need a JS type
        assert kind in served.headers["content-type"], (name, served.headers)
        texts.append(served.text)
    everything = "\n".join(texts)
    # Every file is used, and nothing comes from elsewhere (no CDN): the page works offline.
    for name in files:
        assert f"/web/{name}" in everything or f"./{name}" in everything, name
    assert re.findall(r"https?://[^\s\"'`]+", everything) == ["http://www.w3.org/2000/svg"]
    for escape in ("/web/%2e%2e/routers/web.py", "/web/..%2fapp.py"):
        assert daemon.http.get(escape).status_code == 404, escape
    assert daemon.http.get("/web/nothing.js").status_code == 404


def test_conversations_list_and_read(daemon: Any) -> None:
    first = _chat(daemon, "Hello, I am testing the page.", "web-list-1")
    assert first.status_code == 200, first.text
    _chat(daemon, "What is the capital of France?", "web-list-eval", evaluation=True)
    listed = daemon.http.get("/conversations").json()["conversations"]
    by_id = {c["id"]: c for c in listed}
    assert by_id["web-list-1"]["title"] == "Hello, I am testing the page."
    assert by_id["web-list-1"]["messages"] == 2
    assert "web-list-eval" not in by_id  # benchmark probes are nobody's chat
    shown = daemon.http.get("/conversations/web-list-1").json()["messages"]
    assert [m["role"] for m in shown] == ["user", "assistant"]
    assert shown[0]["content"] == "Hello, I am testing the page." and shown[0]["created_at"]
    assert daemon.http.get("/conversations/no-such-one").status_code == 404
    assert daemon.http.get("/conversations/bad%20id").status_code == 422


def test_secrets_are_masked_in_conversations(daemon: Any) -> None:
    said = "My card number is 4111 1111 1111 1111."
    assert _chat(daemon, said, "web-secret").status_code == 200
    listed = {c["id"]: c for c in daemon.http.get("/conversations").json()["conversations"]}
    shown = daemon.http.get("/conversations/web-secret").json()["messages"][0]["content"]
    for text in (listed["web-secret"]["title"], shown):
        assert "4111 1111 1111 1111" not in text and "1111" in text


def test_memories_carry_their_messages_and_rejections(daemon: Any) -> None:
    with open_store(daemon.settings.db_path) as store:
        conv = store.ensure_conversation("web-memories")
        said = store.add_message(conv, "user", "My tortoise is called Basil.")
        fact = store.add_fact("The user's tortoise is called Basil.", "pet.name", [said.id])
        cycle = store.start_cycle("test")
        store.add_pair(None, "What is your tortoise's name?", "Sage", cycle.id,
                       accepted=False, reason="ungrounded: name 'Sage' not in the user's words")
        store.finish_cycle(cycle.id, "no_messages")
    listing = daemon.http.get("/memories").json()
    source = listing["messages"][str(said.id)]
    assert source["content"] == "My tortoise is called Basil." and source["created_at"]
    assert fact.id in {f["id"] for f in listing["facts"]}
    pairs = daemon.http.get("/memories/rejected").json()["pairs"]
    assert pairs[0]["answer"] == "Sage" and pairs[0]["reason"].startswith("ungrounded")
    assert pairs[0]["cycle_id"] == cycle.id
    assert daemon.http.delete("/memories/rejected").status_code == 405


def test_model_versions_are_listed(daemon: Any) -> None:
    listed = daemon.http.get("/sleep/versions").json()
    assert listed["served"] == daemon.http.get("/health").json()["model_version"]
    assert isinstance(listed["versions"], list)
    assert daemon.http.post("/sleep/versions").status_code == 405


def _chat(live: Any, text: str, conversation: str, evaluation: bool = False) -> Any:
    body = {"model": "m", "messages": [{"role": "user", "content": text}], "max_tokens": 4,
            "conversation_id": conversation, "evaluation": evaluation}
    return live.http.post("/v1/chat/completions", json=body)


# --- the page in a browser ---------------------------------------------------------------
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda exc: errors.append(str(exc)))
    yield opened
    context.close()
    assert errors == [], f"the page threw: {errors}"  # a script error fails the test


@pytest.fixture(scope="module")
def sleepy(start_daemon: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A daemon whose sleep is short: tests/daemon_proc.fast_sleep_env's settings, with up
    to 3 epochs (training stops at the first that passes the recall probe)."""
    bench = write_benchmark(tmp_path_factory.mktemp("web") / "bench.json")
    return start_daemon(nightly_sleep=False, epochs=3, learning_rate=2e-4, lora_layers=16,
                        lora_rank=16, pairs_per_fact=5, benchmark_path=bench,
                        max_reply_tokens=32)


# Records each change of the newest assistant bubble: (ms since the page loaded, chars).
WATCH_REPLY = """() => {
  window.replyGrowth = [];
  new MutationObserver(() => {
    const bubbles = document.querySelectorAll('.message.assistant');
    const last = bubbles[bubbles.length - 1];
    if (last) window.replyGrowth.push([performance.now(), last.textContent.length]);
  }).observe(document.querySelector('#messages'),
             {childList: true, subtree: true, characterData: true});
}"""


def send(page: Any, text: str, replies: int) -> str:
    """Type ``text`` in the chat box, send it, wait for the reply to finish; its text."""
    page.fill("#chat-input", text)
    page.click("#send")
    done = page.locator(".message.assistant.done")
    done.nth(replies - 1).wait_for(timeout=120_000)
    return done.nth(replies - 1).inner_text()


@needs_chromium
def test_chat_sleep_learn_and_forget_in_the_page(sleepy: Any, page: Any) -> None:
    from playwright.sync_api import expect

    page.goto(sleepy.url)
    expect(page.locator("#status")).to_contain_text("base", timeout=30_000)
    page.evaluate(WATCH_REPLY)
    first = send(page, STATEMENTS[0], 1)
    growth = page.evaluate("window.replyGrowth")
    final = len(first)
    assert final > 0, "the reply is empty"
    # Streamed: the bubble showed part of the reply before all of it.
    assert any(0 < n < final for _, n in growth), growth
    for i, text in enumerate(STATEMENTS[1:], start=2):
        send(page, text, i)
    conversation = page.locator("#conversation-list button.active")
    expect(conversation).to_contain_text(STATEMENTS[0])
    stored = sleepy.http.get(f"/conversations/{conversation.get_attribute('data-id')}").json()
    assert [m["content"] for m in stored["messages"] if m["role"] == "user"] == list(STATEMENTS)
    assert stored["messages"][1]["content"] == first  # what streamed is what was stored
    expect(page.locator("#memory")).to_be_hidden()
    page.screenshot(path=str(DOCS / "web-chat.png"))

    _sleep_in_the_page(page, expect)
    _learned_and_forgotten(page, expect, sleepy)
    _roll_back(page, expect, sleepy)


def _sleep_in_the_page(page: Any, expect: Any) -> None:
    page.click("button.tab[data-tab=sleep]")
    expect(page.locator("#chat")).to_be_hidden()
    page.click("#sleep-now")
    expect(page.locator("#sleep-now")).to_be_disabled()
    # Seen live while it trains: the step and the loss.
    expect(page.locator("#train-step")).to_contain_text("training step", timeout=600_000)
    expect(page.locator("#train-step")).to_contain_text("loss")
    result = page.locator("#sleep-result[data-status]")
    result.wait_for(timeout=SLEEP_TIMEOUT_MS)
    assert result.get_attribute("data-status") == "succeeded", result.inner_text()
    progress = page.locator("#train-progress")
    assert progress.evaluate("bar => bar.value === bar.max && bar.max > 1")
    stages = page.locator("#stage-list li").all_inner_texts()
    assert [s.split()[0] for s in stages][:5] == ["gather", "extract", "firewall", "curate",
                                                  "train"], stages
    assert any(s.startswith("swap") for s in stages), stages
    expect(page.locator("#sleep-history tbody tr").first).to_have_attribute(
        "data-status", "succeeded")
    expect(page.locator("#bench-chart rect.after")).to_have_count(1)
    expect(page.locator("#versions tr.served")).to_contain_text("serving now")
    expect(page.locator("#status")).to_contain_text("version 1")
    page.screenshot(path=str(DOCS / "web-sleep.png"), full_page=True)


def _learned_and_forgotten(page: Any, expect: Any, live: Any) -> None:
    page.click("button.tab[data-tab=memory]")
    expect(page.locator("#chat")).to_be_hidden()
    expect(page.locator("#sleep")).to_be_hidden()
    turned_down = live.http.get("/memories/rejected").json()["pairs"]
    expect(page.locator("#rejected tbody tr")).to_have_count(len(turned_down))
    if not turned_down:  # the firewall had nothing to turn down: show how it would look
        expect(page.locator("#rejected-empty")).to_be_visible()
        with open_store(live.settings.db_path) as store:
            store.add_pair(None, "What is your parrot's name?", "Mango", 1, accepted=False,
                           reason="ungrounded: name 'Mango' not in the user's messages")
        page.select_option("#state-filter", "learned")  # the page reloads the lists
        page.select_option("#state-filter", "")
    row = page.locator("#rejected tbody tr").first
    expect(row).to_contain_text("ungrounded")
    expect(page.locator("#rejected-empty")).to_be_hidden()
    parrot = page.locator("#facts tbody tr", has_text="Pistachio").first
    expect(parrot).to_have_attribute("data-state", LEARNED, timeout=30_000)
    expect(parrot).to_contain_text(STATEMENTS[2])  # the message it came from
    page.screenshot(path=str(DOCS / "web-memory.png"), full_page=True)
    fact_id = int(parrot.get_attribute("data-fact-id"))
    page.once("dialog", lambda dialog: dialog.accept())
    parrot.locator("button.forget").click()
    gone = page.locator(f"#facts tbody tr[data-fact-id='{fact_id}']")
    expect(gone).to_have_attribute("data-state", "forgotten")
    expect(gone.locator("button.forget")).to_have_count(0)
    assert live.http.get(f"/memories/{fact_id}").json()["state"] == "forgotten"


@needs_chromium
def test_the_page_asks_for_the_token(start_daemon: Any, page: Any) -> None:
    from playwright.sync_api import expect

    locked = start_daemon(api_token=TOKEN, nightly_sleep=False)
    assert _chat(locked, "x", "web-token").status_code == 401
    page.goto(locked.url)
    expect(page.locator("#auth")).to_be_visible(timeout=30_000)
    page.fill("#token", TOKEN)
    page.click("#auth button[type=submit]")
    expect(page.locator("#auth")).to_be_hidden()
    expect(page.locator("#status")).to_contain_text("base")
    page.fill("#chat-input", "Hello there")
    page.click("#send")
    page.locator(".message.assistant.done").wait_for(timeout=120_000)
    expect(page.locator("#conversation-list button")).to_have_count(1)
    expect(page.locator(".message.assistant.done .error")).to_have_count(0)


def _roll_back(page: Any, expect: Any, live: Any) -> None:
    page.click("button.tab[data-tab=sleep]")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#rollback")
    # The base model gets a version row of its own when first rolled back to.
    expect(page.locator("#rollback-result")).to_contain_text("(base model)", timeout=120_000)
    served = live.http.get("/health").json()["model_version"]
    assert served not in (None, 1)
    expect(page.locator("#rollback-result")).to_have_text(
        f"now serving version {served} (base model)")
    expect(page.locator("#versions tr.served")).to_have_attribute("data-version-id", str(served))
    expect(page.locator("#versions tr[data-version-id='1']")).not_to_contain_text("serving now")
