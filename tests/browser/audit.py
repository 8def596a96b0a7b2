"""What the Chromium crawl checks on every page: images load, no request answers 4xx/5xx, axe-core
finds no WCAG 2.0/2.1 A or AA violation; plus the contrast of the keyboard focus ring.

axe-core is the npm package pinned in tests/browser/package.json (`make test` runs `npm ci`).
"""

from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import service_missing

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = {1366: 900, 390: 844}  # a laptop and a phone: width -> height

# Lazy images only load near the viewport: load them all, then list those that did not decode.
BROKEN_IMAGES = """async () => {
  const images = [...document.images];
  images.forEach((image) => { image.loading = "eager"; });
  await Promise.all(images.map((image) => image.complete ? null : new Promise((done) => {
    image.addEventListener("load", done, {once: true});
    image.addEventListener("error", done, {once: true});
  })));
  return images.filter((image) => !(image.complete && image.naturalWidth > 0))
    .map((image) => image.currentSrc || image.src);
}"""

RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags},
                                           resultTypes: ["violations"]});
  return results.violations.map((violation) => ({
    id: violation.id, impact: violation.impact, help: violation.help,
    nodes: violation.nodes.length,
    targets: violation.nodes.slice(0, 5).map((node) => node.target.join(" ")),
  }));
}"""

# The focused element's outline colour against the first opaque background behind it
# (WCAG 1.4.11: a focus indicator needs 3:1 against what is adjacent to it).
FOCUS_CONTRAST = """() => {
  const element = document.activeElement;
  if (element === document.body) return null;  // focus left the page
  const style = getComputedStyle(element);
  const rgb = (text) => text.match(/[\\d.]+/g).map(Number);
  const luminance = ([r, g, b]) => [r, g, b].map((c) => {
    c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }).reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
  let node = element.parentElement, background = null;
  while (node) {
    const nodeStyle = getComputedStyle(node);
    if (nodeStyle.backgroundImage !== "none") return null;  // a gradient: not measurable here
    const colour = rgb(nodeStyle.backgroundColor);
    if (colour.length === 3 || colour[3] === 1) { background = colour.slice(0, 3); break; }
    node = node.parentElement;
  }
  background = background || [255, 255, 255];
  if (style.outlineStyle === "none" || parseFloat(style.outlineWidth) < 2) {
    return {element: element.outerHTML.slice(0, 80), ratio: 0};
  }
  const [a, b] = [luminance(rgb(style.outlineColor)), luminance(background)];
  return {element: element.outerHTML.slice(0, 80),
          ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)};
}"""


@dataclass
class PageReport:
    name: str
    width: int
    broken_images: list = field(default_factory=list)
    faint_focus: list = field(default_factory=list)
    layout: list = field(default_factory=list)
    failed_requests: list = field(default_factory=list)
    violations: list = field(default_factory=list)

    @property
    def problems(self):
        return (
            self.broken_images
            or self.failed_requests
            or self.violations
            or self.faint_focus
            or self.layout
        )


def new_context(browser, width, **options):
    """A browser context at one of the crawl widths. bypass_csp lets the test inject axe-core
    under the site's Content-Security-Policy without loosening the policy itself."""
    return browser.new_context(
        locale="zh-CN",
        viewport={"width": width, "height": WIDTHS[width]},
        device_scale_factor=1,
        bypass_csp=True,
        **options,
    )


def audit_page(page, url, name, width, screenshot, tab_stops=0, layout_check=None):
    """Open url in page and check it; the screenshot lands in tests/artifacts/<name>-<width>.png.
    With tab_stops, also Tab through that many stops and measure the focus ring at each;
    layout_check(page) returns what is wrong with the page's layout at this width."""
    if not AXE.exists():
        service_missing(f"axe-core is not installed at {AXE} (`make browser-js` installs it)")
    failed = []

    def record(response):
        if response.status >= 400:
            failed.append(f"{response.status} {response.url}")

    page.on("response", record)
    try:
        response = page.goto(url, wait_until="load")
        assert response is not None, url
        page.wait_for_load_state("networkidle")
        report = PageReport(name=name, width=width)
        report.broken_images = page.evaluate(BROKEN_IMAGES)
        page.add_script_tag(path=str(AXE))
        report.violations = page.evaluate(RUN_AXE, AXE_TAGS)
        report.layout = layout_check(page) if layout_check else []
        screenshot(page, f"{name}-{width}")
        report.faint_focus = [
            stop for stop in focus_ring_contrasts(page, tab_stops) if stop["ratio"] < 3
        ]
        page.wait_for_load_state("networkidle")
    finally:
        page.remove_listener("response", record)
    report.failed_requests = failed
    return report


def focus_ring_contrasts(page, presses):
    """Tab through the page `presses` times; the contrast of the ring at each stop."""
    stops = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        measured = page.evaluate(FOCUS_CONTRAST)
        if measured is not None:
            stops.append(measured)
    return stops


def summarise(reports):
    """(pages x widths, violations, nodes) over a crawl, and a readable list of its problems."""
    violations = sum(len(report.violations) for report in reports)
    nodes = sum(v["nodes"] for report in reports for v in report.violations)
    lines = []
    for report in reports:
        for url in report.broken_images:
            lines.append(f"{report.name}@{report.width}: image does not load: {url}")
        for failure in report.failed_requests:
            lines.append(f"{report.name}@{report.width}: request failed: {failure}")
        for problem in report.layout:
            lines.append(f"{report.name}@{report.width}: layout: {problem}")
        for stop in report.faint_focus:
            lines.append(
                f"{report.name}@{report.width}: focus ring {stop['ratio']:.2f}:1 (< 3:1) on"
                f" {stop['element']}"
            )
        for v in report.violations:
            lines.append(
                f"{report.name}@{report.width}: axe {v['id']} ({v['impact']}, {v['nodes']} nodes):"
                f" {v['help']} -> {v['targets']}"
            )
    return {"pages": len(reports), "violations": violations, "nodes": nodes}, lines
