"""The role pages show the catalogue's figures, this board's live counts, and stay cheap."""

import re

import pytest

from postings.models import PostingStatus
from roles.models import Role

pytestmark = pytest.mark.django_db


def row_of(content: str, name: str) -> str:
    match = re.search(
        rf"<tr>\s*<th scope=\"row\"><a [^>]*>{re.escape(name)}</a>.*?</tr>", content, re.S
    )
    assert match, name
    return match.group(0)


def test_role_list_shows_pay_span_and_live_count(client, catalogue, make_posting):
    ml = Role.objects.get(slug="machine-learning-engineer")
    for _ in range(3):
        make_posting(role=ml)
    make_posting(role=ml, status=PostingStatus.DRAFT)
    make_posting(role=ml, status=PostingStatus.EXPIRED)
    content = client.get("/roles/").content.decode()
    row = row_of(content, "Machine Learning Engineer")
    assert "$120,000 – $350,000" in row
    assert '<a href="/jobs/?role=machine-learning-engineer">3</a>' in row
    # The AI engineer's senior US band is open at the top.
    assert "$90,000 – $250,000+" in row_of(content, "AI Engineer")
    assert "Not reported" in row_of(content, "Head of AI")
    assert 'href="/roles/machine-learning-engineer/"' in content
    assert "AI Jobs 2026 career guide" in content


def test_role_list_query_count_does_not_grow_with_roles_or_postings(
    client, catalogue, make_posting, django_assert_num_queries
):
    for role in Role.objects.all()[:8]:
        make_posting(role=role)
        make_posting(role=role)
    # 1 the roles, 2 their US-dollar bands, 3 the sources of the bands, 4 the live postings
    # counted by role in one grouped query.
    with django_assert_num_queries(4):
        response = client.get("/roles/")
    assert response.content.decode().count('<th scope="row">') == Role.objects.count()
    # The counts are kept until a posting changes.
    with django_assert_num_queries(3):
        client.get("/roles/")


def test_role_page_shows_every_band_of_the_role(client, catalogue):
    content = client.get("/roles/ai-engineer/").content.decode()
    for text in [
        "$90,000 – $130,000",
        "$180,000 – $250,000+",
        "CA$110,000 – CA$160,000",
        "£45,000 – £70,000",
        "₹8 lakh – ₹18 lakh",
        "₹40 lakh – ₹80 lakh+",
    ]:
        assert text in content, text
    # One chart per country, each titled and described for screen readers.
    assert content.count('<svg class="chart"') == 4
    assert "<title id=" in content and "<desc id=" in content
    assert "AI engineer career guide" in content


def test_role_page_levels_basis_and_source(client, catalogue):
    content = client.get("/roles/machine-learning-engineer/").content.decode()
    assert re.search(
        r"Senior \(6\+ years\)</th><td>\$250,000 – \$350,000</td><td>Total compensation", content
    )
    assert re.search(
        r"Entry \(0-2 years\)</th><td>\$120,000 – \$160,000</td><td>Base salary", content
    )
    assert "Python" in content and "Kubernetes" in content
    assert 'href="/roles/ai-engineer/"' in content  # related role


def test_role_page_shows_reported_demand_beside_live_count(client, catalogue, make_posting):
    ml = Role.objects.get(slug="machine-learning-engineer")
    newest = make_posting(role=ml, title="Newest ML Job")
    make_posting(role=ml, status=PostingStatus.DRAFT, title="Hidden Draft")
    content = client.get("/roles/machine-learning-engineer/").content.decode()
    assert "45,200" in content
    assert re.search(r"Live postings on this board</dt>\s*<dd><strong>1</strong>", content)
    assert newest.get_absolute_url() in content and "Hidden Draft" not in content
    assert 'href="/jobs/?role=machine-learning-engineer"' in content


def test_role_page_career_path_and_transitions(client, catalogue):
    content = client.get("/roles/machine-learning-engineer/").content.decode()
    assert "Career path" in content and "Head of AI / AI Director" in content
    assert '<li class="current">' in content
    assert "Developer" in content and "4–8 months" in content
    assert "AWS Certified Machine Learning – Specialty" in content


def test_role_page_warns_about_a_certification_that_does_not_exist(client, catalogue):
    content = client.get("/roles/prompt-engineer/").content.decode()
    assert "OpenAI API certification" in content
    assert "no such certification is known to exist" in content
    assert "Portfolio of your own projects" in content


def test_role_without_figures_says_so(client, catalogue):
    content = client.get("/roles/head-of-ai/").content.decode()
    assert "The sources give no salary figures for this role." in content
    assert "<svg" not in content


def test_unknown_role_is_404(client, catalogue):
    assert client.get("/roles/astrologer/").status_code == 404


def test_role_page_query_count_is_fixed(client, catalogue, make_posting, django_assert_num_queries):
    ml = Role.objects.get(slug="machine-learning-engineer")
    for _ in range(6):
        make_posting(role=ml)
    # role, its live count, sources, bands, related roles, career step exists, career path,
    # transitions, their certifications, the role's certifications, latest postings, guides,
    # the salary survey by level.
    with django_assert_num_queries(13):
        client.get("/roles/machine-learning-engineer/")
    # Again: the live count and the latest postings come from the cache
    # (POSTING_COUNTS_CACHE_SECONDS, postings/newest.py), and the role, its catalogue
    # sections and its guides too (jobboard/lib/cache.py).
    with django_assert_num_queries(0):
        response = client.get("/roles/machine-learning-engineer/")
    assert response.context["role"].live_count == 6
    assert len(response.context["latest"]) == 5
    # A new posting refreshes the cached count at once.
    make_posting(role=ml)
    assert client.get("/roles/machine-learning-engineer/").context["role"].live_count == 7


def test_role_url_is_the_role_page_and_home_still_links_to_filtered_jobs(
    client, catalogue, make_posting
):
    ml = Role.objects.get(slug="machine-learning-engineer")
    make_posting(role=ml)
    assert ml.get_absolute_url() == "/roles/machine-learning-engineer/"
    home = client.get("/").content.decode()
    assert 'href="/jobs/?role=machine-learning-engineer"' in home
    assert 'href="/roles/"' in home and 'href="/hubs/"' in home  # navigation


def test_posting_page_links_to_its_role_page_and_role_jobs(client, catalogue, make_posting):
    posting = make_posting(role=Role.objects.get(slug="prompt-engineer"))
    content = client.get(posting.get_absolute_url()).content.decode()
    assert 'href="/roles/prompt-engineer/"' in content
    assert 'href="/jobs/?role=prompt-engineer"' in content


def test_salary_span_without_prefetch_reads_the_bands(catalogue):
    role = Role.objects.get(slug="ai-engineer")
    assert role.salary_span() == (90_000, 250_000, True)
    assert Role.objects.get(slug="head-of-ai").salary_span() is None


def test_role_page_lists_published_guides_about_the_role(client, catalogue):
    from guides.models import GuideArticle, GuideStatus

    ml = Role.objects.get(slug="machine-learning-engineer")
    about_ml = GuideArticle.objects.published().filter(related_roles=ml)
    assert about_ml.exists()
    draft = about_ml.first()
    GuideArticle.objects.filter(pk=draft.pk).update(status=GuideStatus.DRAFT)
    content = client.get("/roles/machine-learning-engineer/").content.decode()
    assert 'id="related-guides"' in content
    shown = GuideArticle.objects.published().filter(related_roles=ml)
    assert shown.exists()
    for guide in shown[:6]:  # the newest six
        assert f'href="{guide.get_absolute_url()}"' in content
    assert draft.get_absolute_url() not in content


def test_role_page_shows_survey_percentiles_by_level_for_the_us(client, catalogue, make_reports):
    ml = Role.objects.get(slug="machine-learning-engineer")
    make_reports([100, 200, 300, 400, 500], role=ml, level="senior", residence_country="US")
    content = client.get("/roles/machine-learning-engineer/").content.decode()
    assert "What people in this role report earning" in content
    assert "<td>$300</td>" in content  # the median of the five US senior reports
    assert "fewer than 5 reports" in content  # the other levels have none


def test_role_page_without_survey_reports_says_how_to_get_them(client, catalogue):
    content = client.get("/roles/machine-learning-engineer/").content.decode()
    assert "What people in this role report earning" not in content
    assert "No salary survey reports for this role in the US yet." in content
