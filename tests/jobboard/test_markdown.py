import pytest

from jobboard.lib.markdown import render_markdown
from jobboard.lib.money import format_amount, format_range

HOSTILE = [
    ("<script>alert('x')</script>", "<script"),
    ('<img src="x" onerror="alert(1)">', "onerror"),
    ("[click](javascript:alert(1))", "javascript:"),
    ('<a href="javascript:alert(1)">x</a>', "javascript:"),
    ('<p onclick="steal()">hi</p>', "onclick"),
    ('<iframe src="https://evil.example"></iframe>', "<iframe"),
    ('<div style="background:url(javascript:alert(1))">x</div>', "style="),
]


@pytest.mark.parametrize(("source", "forbidden"), HOSTILE)
def test_markdown_is_rendered_harmless(source, forbidden):
    assert forbidden not in render_markdown(source).lower()


def test_markdown_keeps_ordinary_formatting():
    html = render_markdown("## Team\n\n- **bold** item\n\n[site](https://example.com)")
    assert "<h2>Team</h2>" in html
    assert "<strong>bold</strong>" in html
    assert 'href="https://example.com"' in html
    assert 'rel="nofollow noopener noreferrer"' in html


@pytest.mark.parametrize(
    ("amount", "currency", "text"),
    [
        (120_000, "USD", "$120,000"),
        (45_000, "GBP", "£45,000"),
        (800_000, "INR", "₹8 lakh"),
        (1_850_000, "INR", "₹18.5 lakh"),
        (5_000, "CHF", "5,000 CHF"),
    ],
)
def test_amounts_are_formatted_for_their_currency(amount, currency, text):
    assert format_amount(amount, currency) == text


def test_ranges_name_their_period():
    assert format_range(60, 90, "USD", "hour") == "$60 – $90 an hour"
    assert format_range(160_000, 250_000, "CAD", "", open_ended=True) == "CA$160,000 – CA$250,000+"


def test_the_cached_rendering_is_the_sanitised_one_and_follows_edits(client, make_posting):
    from jobboard.lib.markdown import render_markdown, render_markdown_cached

    text = "**Bold** <script>alert(1)</script>"
    assert render_markdown_cached(text) == render_markdown(text)
    assert "<script>" not in render_markdown_cached(text)

    posting = make_posting(description="First **version**")
    assert "First <strong>version</strong>" in client.get(posting.get_absolute_url()).text
    posting.description = "Second *version*"
    posting.save()
    page = client.get(posting.get_absolute_url()).text
    # A new text has its own cache entry: the edit shows at once, in the page and its JSON-LD.
    assert "Second <em>version</em>" in page and "First" not in page
    assert "Second \\u003Cem\\u003Eversion" in page
