"""Headless Chromium for the tests and benchmarks of ``kg view`` (not used by ``kg`` itself).

Debian's ``chromium`` and ``chromium-driver`` (``make chromium``) are driven with Selenium
(the ``test`` and ``bench`` extras) over WebDriver: open a page, wait until it says it has
drawn the laid-out graph, read what it drew, click, take a screenshot, and list every request
the page made (Chromium's performance log). Selenium is given both paths, so it never looks for
or downloads a browser or driver of its own.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

# A point on an edge's line, away from every node, where vis-network finds that edge.
_EDGE_POINT = """
const net = window.kgView.network, id = arguments[0], edge = net.body.edges[id];
const a = net.getPosition(edge.fromId), b = net.getPosition(edge.toId);
for (const t of [0.5, 0.4, 0.6, 0.3, 0.7, 0.45, 0.55, 0.35, 0.65]) {
  const dom = net.canvasToDOM({x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t});
  if (net.getEdgeAt(dom) === id && net.getNodeAt(dom) === undefined) return dom;
}
return null;
"""

#: Flags for headless Chromium as root on a machine without a network: background services
#: (updates, sync, QUIC) would only fail.
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--hide-scrollbars",
)


def find_chromium() -> tuple[str, str] | str:
    """``(chromium, chromedriver)`` paths, or the reason they cannot be used (a skip reason)."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not browser or not driver:
        return "Chromium is not installed (make chromium: Debian chromium and chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    return browser, driver


@dataclass(frozen=True)
class Rendered:
    """What the page reports once it has drawn the laid-out graph."""

    nodes: int
    edges: int
    render_ms: float


class Chromium:
    """One headless Chromium; a context manager that quits it and removes its profile."""

    def __init__(self, *, width: int = 1400, height: int = 1000):
        self.width, self.height = width, height
        self.driver = None
        self._profile = None

    def start(self) -> "Chromium":
        """Start the browser.

        Raises:
            RuntimeError: Chromium, chromedriver or selenium is missing.
        """
        found = find_chromium()
        if isinstance(found, str):
            raise RuntimeError(found)
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        browser, driver = found
        self._profile = tempfile.mkdtemp(prefix="kg-chromium-")
        options = webdriver.ChromeOptions()
        options.binary_location = browser
        for flag in CHROMIUM_FLAGS:
            options.add_argument(flag)
        options.add_argument(f"--user-data-dir={self._profile}")
        options.add_argument(f"--window-size={self.width},{self.height}")
        options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
        self.driver = webdriver.Chrome(service=Service(executable_path=driver), options=options)
        return self

    def quit(self) -> None:
        if self.driver is not None:
            self.driver.quit()
            self.driver = None
        if self._profile:
            shutil.rmtree(self._profile, ignore_errors=True)

    def __enter__(self) -> "Chromium":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.quit()

    def open(self, page, *, timeout: float = 60.0) -> Rendered:
        """Open a file (path) or URL and wait until the page has drawn its graph."""
        from selenium.webdriver.support.ui import WebDriverWait

        url = page if "://" in str(page) else Path(page).resolve().as_uri()
        self.driver.get_log("performance")  # forget the requests of earlier pages
        self.driver.get(url)
        WebDriverWait(self.driver, timeout).until(
            lambda d: d.execute_script("return document.body && document.body.dataset.rendered") == "true")
        data = self.driver.execute_script("return Object.assign({}, document.body.dataset)")
        return Rendered(int(data["renderedNodes"]), int(data["renderedEdges"]), float(data["renderMs"]))

    def script(self, code: str, *args):
        """Run JavaScript in the page and return its result."""
        return self.driver.execute_script(code, *args)

    def requests(self) -> list[str]:
        """URLs of every request made by the page now open (its own URL first), since it opened."""
        page = self.driver.current_url
        urls = []
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") == "Network.requestWillBeSent" \
                    and message["params"].get("documentURL") == page:
                urls.append(message["params"]["request"]["url"])
        return urls

    def console_errors(self) -> list[str]:
        """Messages the page logged at level SEVERE (script errors, refused requests)."""
        return [e["message"] for e in self.driver.get_log("browser") if e.get("level") == "SEVERE"]

    def click_at(self, selector: str, x: float, y: float) -> None:
        """Click at (x, y) in CSS pixels from the top left of the element ``selector``."""
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.by import By

        element = self.driver.find_element(By.CSS_SELECTOR, selector)
        size = element.size
        # Selenium 4 offsets are from the element's centre.
        ActionChains(self.driver).move_to_element_with_offset(
            element, int(x - size["width"] / 2), int(y - size["height"] / 2)).click().perform()

    def edge_point(self, edge_id: str) -> dict | None:
        """Where to click edge ``edge_id`` of the graph (``{"x", "y"}`` in the graph's CSS pixels).

        Looks along the straight line between its two entities, so a bent edge (one of
        several between the same two) may have no such point: then None.
        """
        return self.script(_EDGE_POINT, edge_id)

    def text(self, selector: str) -> str:
        from selenium.webdriver.common.by import By

        return self.driver.find_element(By.CSS_SELECTOR, selector).text

    def screenshot(self, path) -> Path:
        """Save a PNG of the window."""
        path = Path(path)
        self.driver.save_screenshot(str(path))
        return path
