import math
import re
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Count, F, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from jobboard.lib.cache import cached_catalogue
from jobboard.lib.markdown import render_markdown
from roles.models import Role

from .toc import Heading, headings

WORDS_PER_MINUTE = 220
WORD = re.compile(r"\w+")


def reading_minutes_for(text: str) -> int:
    """Minutes to read `text` at 220 words a minute, rounded up; never less than one."""
    return max(1, math.ceil(len(WORD.findall(text or "")) / WORDS_PER_MINUTE))


class Category(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("guides:list") + f"?category={self.slug}"


class GuideStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class GuideQuerySet(models.QuerySet):
    def published(self, now: datetime | None = None) -> "GuideQuerySet":
        """The one definition of public: published, and not scheduled for later."""
        now = now or timezone.now()
        return self.filter(status=GuideStatus.PUBLISHED, published_at__lte=now)

    def for_list(self) -> "GuideQuerySet":
        """The joins a list of guides needs: its category and its roles (one query more)."""
        return self.select_related("category").prefetch_related(
            Prefetch("related_roles", queryset=Role.objects.only("pk", "slug", "name"))
        )

    def for_role(self, role: Role) -> "GuideQuerySet":
        """Guides about a role, e.g. `GuideArticle.objects.published().for_role(role)`."""
        return self.filter(related_roles=role)

    def related_to(self, guide: "GuideArticle") -> "GuideQuerySet":
        """Other guides sharing the guide's roles or category, most shared roles first."""
        role_ids = [role.pk for role in guide.related_roles.all()]
        return (
            self.exclude(pk=guide.pk)
            .annotate(shared=Count("related_roles", filter=Q(related_roles__in=role_ids)))
            .filter(Q(shared__gt=0) | Q(category_id=guide.category_id))
            .order_by("-shared", "-published_at", "-id")
        )


class GuideArticle(models.Model):
    Status = GuideStatus

    title = models.CharField(max_length=160)
    slug = models.SlugField(max_length=160, unique=True)
    summary = models.CharField(
        max_length=300, help_text="One or two sentences, shown in lists and search results."
    )
    body = models.TextField(
        help_text="Markdown. Use ## and ### headings: they make the table of contents."
    )
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="guides")
    related_roles = models.ManyToManyField(Role, blank=True, related_name="guides")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="guides",
    )
    status = models.CharField(max_length=9, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="Set on publishing; a future time schedules the guide."
    )
    updated_at = models.DateTimeField(auto_now=True)
    # Kept in step with the body by save(), so lists can show it without loading bodies.
    reading_minutes = models.PositiveSmallIntegerField(default=1, editable=False)

    objects = GuideQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=GuideStatus.values), name="guide_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=GuideStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="guide_published_has_time",
            ),
            models.CheckConstraint(
                condition=Q(reading_minutes__gte=1), name="guide_reading_minutes_positive"
            ),
        ]
        # The public list filters on status, then perhaps on category, newest first.
        indexes = [
            models.Index(
                F("published_at").desc(),
                F("id").desc(),
                name="guide_published_newest",
                condition=Q(status=GuideStatus.PUBLISHED),
            ),
            models.Index(
                "category",
                F("published_at").desc(),
                name="guide_published_category",
                condition=Q(status=GuideStatus.PUBLISHED),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.reading_minutes = reading_minutes_for(self.body)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            # auto_now and derived fields are saved only when named; name them.
            kwargs["update_fields"] = {*update_fields, "reading_minutes", "updated_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("guides:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        # Publishing through the form without a time means "now".
        if self.status == GuideStatus.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()

    def is_public(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return (
            self.status == GuideStatus.PUBLISHED
            and self.published_at is not None
            and self.published_at <= now
        )

    def publish(self, now: datetime | None = None) -> bool:
        """Publish a draft; it keeps an earlier publication time. True when it changed."""
        if self.status == GuideStatus.PUBLISHED:
            return False
        self.status = GuideStatus.PUBLISHED
        self.published_at = self.published_at or now or timezone.now()
        self.save(update_fields=["status", "published_at"])
        return True

    def unpublish(self) -> bool:
        """Back to draft: gone from the public at once. True when it changed."""
        if self.status == GuideStatus.DRAFT:
            return False
        self.status = GuideStatus.DRAFT
        self.save(update_fields=["status"])
        return True

    @property
    def body_html(self) -> SafeString:
        return render_markdown(self.body, heading_ids=True)

    def table_of_contents(self, html: str | None = None) -> list[Heading]:
        return headings(self.body_html if html is None else html)


# How many guides a role page lists.
GUIDES_ABOUT_A_ROLE = 6


def guides_about(role: Role) -> list[GuideArticle]:
    """The newest public guides about a role, for its page. Kept with the catalogue, those
    scheduled for later too, and filtered here by the clock, so a guide whose time comes
    shows without any write."""
    guides = cached_catalogue(
        f"role-guides:{role.pk}",
        lambda: list(
            GuideArticle.objects.filter(status=GuideStatus.PUBLISHED)
            .for_role(role)
            .only("title", "slug", "status", "published_at")
        ),
    )
    now = timezone.now()
    return [guide for guide in guides if guide.is_public(now)][:GUIDES_ABOUT_A_ROLE]


class FAQQuerySet(models.QuerySet):
    def public(self, now: datetime | None = None) -> "FAQQuerySet":
        """Entries a visitor may see: general ones, or those of a published guide."""
        published = GuideArticle.objects.published(now)
        return self.filter(Q(guide__isnull=True) | Q(guide__in=published))

    def for_role(self, role: Role) -> "FAQQuerySet":
        return self.filter(role=role)

    def for_list(self) -> "FAQQuerySet":
        return self.select_related("guide", "role")


class FAQ(models.Model):
    question = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=120, unique=True, help_text="Names the entry's anchor and keeps loads stable."
    )
    answer = models.TextField(help_text="Markdown.")
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")
    guide = models.ForeignKey(
        GuideArticle,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="faqs",
        help_text="Shown at the end of this guide.",
    )
    role = models.ForeignKey(
        Role,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="faqs",
        help_text="The role it is about, if any.",
    )

    objects = FAQQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "FAQ entry"
        verbose_name_plural = "FAQ entries"
        indexes = [models.Index(fields=["guide", "order"], name="faq_guide_order")]

    def __str__(self) -> str:
        return self.question

    @property
    def answer_html(self) -> SafeString:
        return render_markdown(self.answer)
