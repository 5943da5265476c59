from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from .filters import GuideFilter
from .models import FAQ, Category, GuideArticle

GUIDES_PAGE_SIZE = 12
RELATED_GUIDES = 3


def guide_list(request: HttpRequest) -> HttpResponse:
    published = GuideArticle.objects.published()
    filterset = GuideFilter(request.GET, queryset=published.for_list())
    categories = (
        Category.objects.annotate(guide_count=Count("guides", filter=Q(guides__in=published)))
        .filter(guide_count__gt=0)
        # Meta.ordering does not apply to an aggregate query, so name it.
        .order_by("order", "name")
    )
    context = {"filter": filterset, "categories": categories, "page_obj": None}
    if not filterset.is_valid():
        # Name the unknown category and show the way back, instead of every guide.
        return render(request, "guides/guide_list.html", context, status=400)
    context["page_obj"] = Paginator(filterset.qs, GUIDES_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context["category"] = filterset.form.cleaned_data.get("category")
    return render(request, "guides/guide_list.html", context)


def guide_detail(request: HttpRequest, slug: str) -> HttpResponse:
    guides = GuideArticle.objects.select_related("category", "author")
    if not request.user.is_staff:
        # Drafts and scheduled guides do not exist for the public; staff see a preview.
        guides = guides.published()
    try:
        guide = guides.prefetch_related("related_roles").get(slug=slug)
    except GuideArticle.DoesNotExist:
        raise Http404("No such guide.") from None
    body_html = guide.body_html
    context = {
        "guide": guide,
        "body_html": body_html,
        "toc": guide.table_of_contents(body_html),
        "is_public": guide.is_public(),
        "related": GuideArticle.objects.published().related_to(guide).for_list()[:RELATED_GUIDES],
        "faqs": FAQ.objects.filter(guide=guide),
    }
    return render(request, "guides/guide_detail.html", context)
