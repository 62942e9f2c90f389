"""The hostile corpus (script tags, attribute break-outs, javascript: URLs, control characters,
right-to-left overrides, a 10,000-character word, emoji) builds into pages where nothing executes
and nothing overflows at 390px. (Its HTML, feeds and links are checked in the other modules.)"""

from __future__ import annotations

import pytest

from .conftest import Site, overflow
from .test_browser import serious_violations

pytestmark = pytest.mark.check

# Everything a hostile string could have turned into, if escaping failed anywhere.
INJECTED = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (/^on/i.test(attr.name)) bad.push(`${el.tagName} ${attr.name}`);
      if (/^(href|src|action|formaction|srcdoc)$/i.test(attr.name)
          && /^\\s*(javascript|data|vbscript):/i.test(attr.value))
        bad.push(`${el.tagName} ${attr.name}=${attr.value.slice(0, 60)}`);
    }
  }
  for (const tag of ['script', 'iframe', 'img', 'object', 'embed', 'svg', 'form', 'input', 'b'])
    if (document.querySelectorAll(tag).length) bad.push(`<${tag}> element`);
  return bad;
}"""


def test_hostile_corpus_is_fully_built(hostile_site: Site) -> None:
    articles = [p for p in hostile_site.html_pages() if p.startswith("articles/")]
    assert len(articles) == 10, articles
    paged = [p for p in hostile_site.html_pages() if p.startswith(("storylines/page/", "actors/letter/"))]
    assert len(paged) >= 2, "the hostile config pages the indexes"


AXE_PAGES = ("index.html", "articles/long-word/index.html", "articles/script-in-every-field/index.html")


def test_hostile_pages_execute_nothing_and_fit(
    open_page, axe, hostile_site: Site, served_hostile_site: str
) -> None:
    # 404.html links from its base path (/hostile/), not from where this server puts it.
    pages = [p for p in hostile_site.html_pages() if p != "404.html"]
    failures = []
    for path in pages:
        page, visit = open_page(served_hostile_site + path)
        problems = visit.problems()
        injected = page.evaluate(INJECTED)
        wide = overflow(page)
        if problems or injected or wide > 0:
            failures.append(f"{path}: {problems} {injected} overflow={wide}px")
        if path in AXE_PAGES or path.startswith(("storylines/page/2/", "actors/letter/")):
            violations = serious_violations(axe, page)
            if violations:
                failures.append(f"{path}: axe-core: {violations}")
        page.context.close()
    assert not failures, "\n".join(failures)


def test_hostile_text_is_shown_as_text(open_page, hostile_site: Site, served_hostile_site: str) -> None:
    page, _ = open_page(served_hostile_site + "articles/script-in-every-field/index.html")
    text = page.inner_text("main")
    assert "<script>alert(1)</script>" in text
    assert "Read the original" not in text  # a javascript: URL is never linked
    page, _ = open_page(served_hostile_site + "articles/right-to-left/index.html")
    assert "\u202e" in page.inner_text("h1")
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
