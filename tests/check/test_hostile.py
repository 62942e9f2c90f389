"""The hostile corpus (script tags, attribute break-outs, javascript: URLs, control characters,
right-to-left overrides, a 10,000-character word, emoji) builds into pages where nothing executes,
nothing overflows at 390px and no direction mark reaches past its own string. (Its HTML, feeds and
links are checked in the other modules.)"""

from __future__ import annotations

import re

import pytest

from .conftest import Site, overflow, serious_violations

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
  // The theme's own charts (numbers and an escaped label) are the only SVG a page may hold.
  const own = new Set(document.querySelectorAll('figure.chart > svg'));
  for (const tag of ['script', 'iframe', 'img', 'object', 'embed', 'svg', 'form', 'input', 'b'])
    if ([...document.querySelectorAll(tag)].some((el) => !own.has(el))) bad.push(`<${tag}> element`);
  return bad;
}"""


def test_hostile_corpus_is_fully_built(hostile_site: Site) -> None:
    articles = [p for p in hostile_site.html_pages() if p.startswith("articles/")]
    assert len(articles) == 13, articles
    paged = [p for p in hostile_site.html_pages() if p.startswith(("storylines/page/", "actors/letter/"))]
    assert len(paged) >= 2, "the hostile config pages the indexes"


# Direction marks that act on the text after them: embeddings, overrides and isolate initiators.
OPENERS = re.compile("[\u202a-\u202e\u2066-\u2068]")

# Outside an article's body (one paragraph, one string), a text node holding a direction mark must be
# the whole text of a <bdi> or of an element with a dir attribute: then the mark ends with its string.
UNISOLATED = r"""() => {
  const bad = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!/[\u202a-\u202e\u2066-\u2068]/.test(node.data) || node.parentElement.closest('.body')) continue;
    const isolate = node.parentElement.closest('bdi, [dir]');
    if (!isolate || isolate.textContent.trim() !== node.data.trim())
      bad.push(`${node.parentElement.tagName}: ${node.data.trim().slice(0, 60)}`);
  }
  return bad;
}"""

# Text of left-to-right letters only reads left to right: each word's first letter is left of its
# second. An override leaking in from a string before it shows the letters in reverse.
REVERSED = r"""() => {
  const rtlOrMark = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
  const bad = [];
  let checked = 0;
  const range = document.createRange();
  const box = (node, i) => {
    range.setStart(node, i);
    range.setEnd(node, i + 1);
    return range.getBoundingClientRect();
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (rtlOrMark.test(node.data) || !node.parentElement.offsetParent) continue;
    for (const m of [...node.data.matchAll(/[A-Za-z]{2,}/g)].slice(0, 3)) {
      const a = box(node, m.index), b = box(node, m.index + 1);
      if (!a.width || !b.width || Math.abs(a.top - b.top) > 1) continue;  // hidden, or split by a line break
      checked++;
      if (!(a.left < b.left)) bad.push(`${node.parentElement.tagName}: "${m[0].slice(0, 20)}" reversed`);
    }
  }
  return {checked, bad};
}"""


def test_direction_marks_stay_in_their_string(
    open_page, hostile_site: Site, served_hostile_site: str
) -> None:
    pages = [p for p in hostile_site.html_pages() if p != "404.html"]
    failures, checked = [], 0
    for path in pages:
        page, _ = open_page(served_hostile_site + path)
        unisolated = page.evaluate(UNISOLATED)
        reversed_words = page.evaluate(REVERSED)
        checked += reversed_words["checked"]
        # <title> is text only: each string in it is wrapped in FIRST STRONG ISOLATE ... POP ISOLATE.
        bare_title = re.sub("\u2068[^\u2068\u2069]*\u2069", "", page.title())
        if unisolated or reversed_words["bad"] or OPENERS.search(bare_title):
            failures.append(f"{path}: {unisolated} {reversed_words['bad']} title={page.title()[:80]!r}")
        page.context.close()
    assert not failures, "\n".join(failures)
    assert checked > 500, "the reading-order check found almost no words to measure"


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
        # The search page is the theme's own form and Pagefind's script: it shows no article text.
        injected = page.evaluate(INJECTED) if path != "search/index.html" else []
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
