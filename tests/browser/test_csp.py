"""The Content-Security-Policy in a real browser: no page, public or admin, breaks any rule of its
policy, and the Wagtail userbar works for editors under the public policy."""

import pytest

pytestmark = pytest.mark.browser

CHAIN = "fran-nyanland-till-nyanstalld"
PUBLIC_PAGES = {
    "home": "/sv/",
    "chain overview": f"/sv/{CHAIN}/",
    "chain step": f"/sv/{CHAIN}/gemensam-ingang-och-en-egen-plan/",
    "callback form": "/sv/kontakt/bli-uppringd/",
    "offer listing": "/sv/arbetsgivare/erbjudanden/",
    "search": "/sv/sok/?q=plan",
    "not found": "/sv/finns-inte/",
}
# Records every securitypolicyviolation event, from the document and from shadow roots.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
window.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push({
    directive: event.violatedDirective,
    blocked: event.blockedURI,
    source: event.sourceFile,
    line: event.lineNumber,
    sample: event.sample,
  });
}, true);
"""


class ViolationRecorder:
    def __init__(self, tab):
        self.tab = tab
        self.console = []
        tab.add_init_script(RECORD_VIOLATIONS)
        tab.on("console", self._on_console)

    def _on_console(self, message):
        text = message.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            self.console.append(text)

    def visit(self, url, expected_status=200):
        response = self.tab.goto(url)
        assert response.status == expected_status, url
        self.tab.wait_for_load_state("load")
        self.tab.wait_for_timeout(300)  # scripts that run after load (the userbar's checker)
        return response

    def violations(self):
        events = self.tab.evaluate("window.__cspViolations || []")
        return events + self.console


@pytest.fixture
def recorder(page):
    return ViolationRecorder(page)


@pytest.fixture
def admin_recorder(browser, site_url, site_admin):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    recorder = ViolationRecorder(tab)
    recorder.visit(f"{site_url}/admin/login/")
    tab.fill("#id_username", site_admin["username"])
    tab.fill("#id_password", site_admin["password"])
    tab.locator("form button[type=submit]").first.click()
    tab.wait_for_url(f"{site_url}/admin/")
    assert recorder.violations() == []
    yield recorder
    context.close()


def test_the_recorder_sees_a_violation(recorder, site_url):
    recorder.visit(f"{site_url}/sv/")
    recorder.tab.evaluate(
        """() => { const s = document.createElement("script");
                   s.textContent = "window.__ran = true"; document.body.append(s); }"""
    )
    recorder.tab.wait_for_timeout(200)
    assert recorder.tab.evaluate("window.__ran === undefined")
    events = recorder.tab.evaluate("window.__cspViolations")
    assert any(event["directive"].startswith("script-src") for event in events)
    assert recorder.console


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_page_breaks_no_rule_of_its_policy(recorder, site_url, name):
    response = recorder.visit(
        site_url + PUBLIC_PAGES[name], expected_status=404 if name == "not found" else 200
    )
    assert "'nonce-" in response.headers["content-security-policy"]
    assert recorder.violations() == []


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/pages/{step}/edit/",
        "/admin/cases/",
        "/admin/cases/edit/{case}/",
        "/admin/intake-statistics/",
    ],
)
def test_admin_page_breaks_no_rule_of_its_policy(admin_recorder, site_url, site_admin, path):
    response = admin_recorder.visit(site_url + path.format(**site_admin))
    assert "'unsafe-inline'" in response.headers["content-security-policy"]
    assert admin_recorder.violations() == []


def test_page_preview_in_the_editor_breaks_no_rule(admin_recorder, site_url, site_admin):
    tab = admin_recorder.tab
    admin_recorder.visit(f"{site_url}/admin/pages/{site_admin['step']}/edit/")
    tab.locator("button[data-side-panel-toggle='preview']").click()
    iframe = tab.frame_locator("#w-preview-iframe")
    iframe.locator("main").first.wait_for(timeout=15_000)
    tab.wait_for_timeout(500)
    assert admin_recorder.violations() == []


def test_userbar_works_for_editors_on_public_pages(admin_recorder, site_url):
    tab = admin_recorder.tab
    admin_recorder.visit(f"{site_url}/sv/{CHAIN}/")
    # The userbar's web component is defined and has rendered its menu in its shadow root.
    tab.wait_for_function(
        "document.querySelector('wagtail-userbar')?.shadowRoot"
        "?.querySelector('[data-wagtail-userbar-trigger]') !== undefined"
    )
    trigger = tab.locator("wagtail-userbar [data-wagtail-userbar-trigger]")
    trigger.click()
    assert trigger.get_attribute("aria-expanded") == "true"
    # The accessibility checker (axe-core) has run: its count is filled in.
    tab.wait_for_function(
        "[...document.querySelector('wagtail-userbar').shadowRoot"
        ".querySelectorAll('[data-content-checker-count]')].some(e => e.textContent !== '')",
        timeout=15_000,
    )
    assert admin_recorder.violations() == []
