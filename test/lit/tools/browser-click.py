#!/usr/bin/env python3
"""Opens a page in headless Chromium, clicks elements, prints the DOM.

    browser-click.py CHROMIUM PROFILE_DIR URL [SELECTOR...]

Drives Chromium over its DevTools protocol on a pipe
(--remote-debugging-pipe: commands on file descriptor 3, replies on 4, each
message JSON ending in a NUL): it loads URL, then for each CSS SELECTOR in
turn dispatches a real mouse click (press and release) at the centre of the
first element it matches, and prints the document's HTML as it is then. A
selector that matches nothing is an error, so that a test cannot pass by
clicking nothing.
"""

import json
import os
import subprocess
import sys
import time

TIMEOUT = 30


class Browser:
    def __init__(self, chromium, profile):
        to_browser_read, self.to_browser = os.pipe()
        self.from_browser, from_browser_write = os.pipe()
        # Move both ends the child keeps above 4 first, so that placing them at
        # 3 and 4 cannot overwrite one with the other.
        keep_read = os.dup(to_browser_read)
        keep_write = os.dup(from_browser_write)
        while keep_read < 5 or keep_write < 5:
            keep_read, keep_write = os.dup(keep_read), os.dup(keep_write)

        def place():
            os.dup2(keep_read, 3)
            os.dup2(keep_write, 4)

        self.process = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-extensions", f"--user-data-dir={profile}", "--remote-debugging-pipe",
             "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=place, pass_fds=(3, 4),
        )
        for fd in (to_browser_read, from_browser_write, keep_read, keep_write):
            os.close(fd)
        self.buffer = b""
        self.next_id = 0
        self.events = []

    def send(self, method, params=None, session=None):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self.receive()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    sys.exit(f"browser-click: {method} failed: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def receive(self):
        deadline = time.monotonic() + TIMEOUT
        while b"\0" not in self.buffer:
            if time.monotonic() > deadline:
                sys.exit("browser-click: Chromium did not answer in time")
            chunk = os.read(self.from_browser, 65536)
            if not chunk:
                sys.exit("browser-click: Chromium closed the pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def wait_for(self, method):
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            for event in self.events:
                if event.get("method") == method:
                    self.events.remove(event)
                    return event
            self.events.append(self.receive())
        sys.exit(f"browser-click: no {method} in time")

    def close(self):
        try:
            self.send("Browser.close")
        finally:
            self.process.wait(timeout=TIMEOUT)


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    chromium, profile, url, selectors = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    browser = Browser(chromium, profile)
    try:
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        browser.send("Page.enable", session=session)
        browser.send("Page.navigate", {"url": url}, session=session)
        browser.wait_for("Page.loadEventFired")
        for selector in selectors:
            where = browser.send("Runtime.evaluate", {
                "expression": "(function () { var e = document.querySelector(%s); if (!e) return null;"
                              " e.scrollIntoView(); var r = e.getBoundingClientRect();"
                              " return [r.left + r.width / 2, r.top + r.height / 2]; })()" % json.dumps(selector),
                "returnByValue": True,
            }, session=session)["result"].get("value")
            if not where:
                sys.exit(f"browser-click: nothing matches {selector}")
            for kind in ("mousePressed", "mouseReleased"):
                browser.send("Input.dispatchMouseEvent", {
                    "type": kind, "x": where[0], "y": where[1], "button": "left", "clickCount": 1,
                }, session=session)
        html = browser.send("Runtime.evaluate", {
            "expression": "document.documentElement.outerHTML", "returnByValue": True,
        }, session=session)["result"]["value"]
        print(html)
    finally:
        browser.close()


if __name__ == "__main__":
    main()
