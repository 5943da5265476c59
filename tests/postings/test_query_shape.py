"""The list query stays cheap at scale: no DISTINCT for filters that cannot repeat a row."""

from django.http import QueryDict

from postings.filters import PostingFilter
from postings.models import Posting


def test_role_remote_and_city_filters_add_no_distinct(make_posting, ml_engineer, austin, new_york):
    wanted = [make_posting(role=ml_engineer, hub=austin, remote="hybrid") for _ in range(3)]
    make_posting(role=ml_engineer, hub=new_york, remote="hybrid")
    make_posting(hub=austin, remote="hybrid")
    data = QueryDict("role=machine-learning-engineer&remote=hybrid&remote=onsite&city=austin")
    filterset = PostingFilter(data, queryset=Posting.objects.live().for_list())
    assert filterset.is_valid(), filterset.errors
    assert "DISTINCT" not in str(filterset.qs.query)
    assert sorted(p.pk for p in filterset.qs) == sorted(p.pk for p in wanted)
