"""Guide bodies: sanitised like any user Markdown, with heading anchors that survive."""

import pytest

from guides.toc import headings
from jobboard.lib.markdown import render_markdown

HOSTILE = """## Safe heading

<script>alert('x')</script>

<img src="x" onerror="alert(1)">

[click](javascript:alert(1))

<a href="javascript:alert(2)">raw link</a>

<h2 id="main" onclick="steal()">Raw heading</h2>
"""


def test_guide_markdown_is_sanitised_but_keeps_heading_anchors():
    html = render_markdown(HOSTILE, heading_ids=True)
    lowered = html.lower()
    for forbidden in ("<script", "onerror", "javascript:", "onclick"):
        assert forbidden not in lowered
    assert '<h2 id="section-safe-heading">Safe heading</h2>' in html
    # An author's own id could collide with the page's (the skip link targets #main).
    assert 'id="main"' not in html
    assert "<h2>Raw heading</h2>" in html


def test_heading_ids_are_unique_and_only_on_request():
    html = render_markdown("## Pay\n\ntext\n\n## Pay\n", heading_ids=True)
    assert 'id="section-pay"' in html
    assert 'id="section-pay_1"' in html
    # Postings and FAQ answers render as before: no ids at all.
    assert "id=" not in render_markdown("## Pay\n")


def test_table_of_contents_nests_h3_under_h2_and_unescapes_text():
    html = render_markdown(
        "## Pay & perks\n\n### Base pay\n\n### Equity\n\n## Next <b>steps</b>\n\n#### Too deep\n",
        heading_ids=True,
    )
    toc = headings(html)
    assert [(h.id, h.text) for h in toc] == [
        ("section-pay-perks", "Pay & perks"),
        ("section-next-steps", "Next steps"),
    ]
    assert [child.id for child in toc[0].children] == ["section-base-pay", "section-equity"]
    assert toc[1].children == []
    for heading in [*toc, *toc[0].children]:
        assert f'id="{heading.id}"' in html


@pytest.mark.parametrize("text", ["", "No headings here.", "<h2>Raw, no id</h2>"])
def test_no_headings_no_contents(text):
    assert headings(render_markdown(text, heading_ids=True)) == []
