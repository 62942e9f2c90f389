"""The shortcuts the render takes for speed give what the general code gives: hrefs shared by
sibling pages, template output escaped as plain text, rows of a key hashed flat."""

from __future__ import annotations

from datetime import date

from markupsafe import Markup, escape

from generator import urls
from generator.render.environment import output_text
from generator.render.links import Links, sibling_hrefs
from generator.render.reuse import encode, plain
from generator.render.views import CountedLink, Link


def test_sibling_hrefs_are_the_hrefs_each_sibling_page_has() -> None:
    pages = [urls.actor_url(s) for s in ("kishi", "austin", "a b#c")]
    targets = [
        urls.article_url("report#2"),
        urls.storyline_url("summit"),
        *pages,
        urls.actor_url("kishi-nobuo"),
        urls.ACTORS,
        "feed.xml",
    ]
    shared = sibling_hrefs(pages[:2], targets)
    for page in pages:
        links = Links(page)
        own = page.rpartition("/")[0] + "/"
        for target in targets:
            if not target.startswith(own):  # a page's own folder: it links itself by its own Links
                assert shared[target] == links(target), (page, target)


def test_output_text_writes_what_markupsafe_escape_writes() -> None:
    for value in ("<script>alert(\"x\")</script> & 'q'", "plain", "", 42, 0, None, 1.5, Markup("<b>ok</b>")):
        found = output_text(value)
        assert found == str(escape(value))
        assert type(found) is (Markup if isinstance(value, Markup) else str)  # no wrapper made


def test_rows_of_named_tuples_encode_apart_when_any_value_differs() -> None:
    rows = (CountedLink("a/", "A", 1), CountedLink("b/", "B", 2))
    same = (CountedLink("a/", "A", 1), CountedLink("b/", "B", 2))
    assert encode(plain(rows)) == encode(plain(same))
    shifted = (CountedLink("a/", "A", 1), CountedLink("b/", "B", 3))
    assert encode(plain(rows)) != encode(plain(shifted))
    other_kind = (Link("a/", "A"), Link("b/", "B"))
    assert encode(plain(other_kind)) != encode(plain((Link("a/", "AB"),)))
    dated = ((date(2022, 5, 4), "x"),)
    assert encode(plain(dated)) != encode(plain(((738279, "x"),)))  # a date is no ordinal


_CALLS = """{% macro when(day, label="on") -%}{{ label }} <time>{{ day.isoformat() }}</time>{%- endmacro %}
{% macro pair(a, b=none, c=3) -%}[{{ a }}|{{ b }}|{{ c }}]{%- endmacro %}
{% macro wrap() -%}<b>{{ caller() }}</b>{%- endmacro %}
{% macro rest() -%}{{ varargs | join(",") }};{{ kwargs | dictsort | join(",") }}{%- endmacro %}
{% for d in days %}{{ when(d) }} {{ when(d, label="<on>") }} {{ pair(d.day) }} {{ pair(1, c=loop.index) }}
{% endfor %}{% block body %}{{ when(days[0], "at") }} {{ pair("a&b", "<i>") }}{% endblock %}
{% call wrap() %}{{ pair(2) }}{% endcall %} {{ rest(1, 2, x=3) }} {{ "a-b".split("-") | join }}
{{ stop() }}|{{ halt(empty) }}|{{ "x".upper() }}"""


def test_a_page_context_calls_macros_and_builtins_as_jinjas_context_does() -> None:
    """Macros with defaults, keyword arguments, a caller, varargs and kwargs, in loops and blocks,
    builtin methods, and a StopIteration (undefined): the same text under both contexts."""
    from jinja2 import Environment, select_autoescape
    from jinja2.runtime import Context

    from generator.render.environment import PageContext

    def stop() -> None:
        raise StopIteration

    rendered = []
    for context_class in (Context, PageContext):
        env = Environment(autoescape=select_autoescape(default_for_string=True))
        env.context_class = context_class
        template = env.from_string(_CALLS)
        rendered.append(
            template.render(days=[date(2024, 3, 9), date(2023, 1, 2)], stop=stop, halt=next, empty=iter(()))
        )
    assert rendered[0] == rendered[1]
    assert "&lt;on&gt; <time>2024-03-09</time>" in rendered[1] and "[a&amp;b|&lt;i&gt;|3]" in rendered[1]
