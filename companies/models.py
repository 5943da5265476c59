import hashlib
import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify

LOGO_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}
# Logos are shown at most 96 px wide (192 on sharp screens); larger uploads are scaled down.
LOGO_SIZE = 256
# Addresses that routes use: a company with one of these slugs would hide behind a page.
RESERVED_SLUGS = frozenset({"new"})


def validate_not_reserved(slug: str) -> None:
    if slug in RESERVED_SLUGS:
        raise ValidationError(
            f"“{slug}” is the address of a page; choose another.", code="reserved"
        )


def reencoded_logo(upload) -> ContentFile:
    """The uploaded image drawn again as a PNG of its pixels alone: whatever else the file
    carried (a script appended to a GIF, metadata, a second frame) is left behind."""
    from PIL import Image

    upload.seek(0)
    with Image.open(upload) as image:
        image.seek(0)
        drawn = image.convert("RGBA")
    drawn.thumbnail((LOGO_SIZE, LOGO_SIZE))
    out = io.BytesIO()
    drawn.save(out, format="PNG", optimize=True)
    digest = hashlib.sha256(out.getvalue()).hexdigest()[:16]
    return ContentFile(out.getvalue(), name=f"{digest}.png")


def validate_logo(file) -> None:
    """Accept only a real image of a common format under the size limit, whatever its name says."""
    from PIL import Image, UnidentifiedImageError

    if getattr(file, "_committed", False):
        return  # stored earlier and checked then; only new uploads are examined
    if file.size > settings.LOGO_MAX_BYTES:
        raise ValidationError(
            f"The logo is too large: at most {settings.LOGO_MAX_BYTES // 1024} KB.",
            code="logo_too_large",
        )
    try:
        file.seek(0)
        with Image.open(file) as image:
            image.verify()
            kind = image.format
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            "The logo is not an image we can read.", code="logo_not_an_image"
        ) from None
    finally:
        file.seek(0)
    if kind not in LOGO_FORMATS:
        raise ValidationError("Upload the logo as PNG, JPEG, GIF or WebP.", code="logo_format")


class CompanyQuerySet(models.QuerySet):
    def of_user(self, user) -> "CompanyQuerySet":
        """Companies the user belongs to (none for anonymous users)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)


class Company(models.Model):
    name = models.CharField(max_length=160)
    slug = models.SlugField(max_length=160, unique=True, validators=[validate_not_reserved])
    website = models.URLField(blank=True)
    description = models.TextField(blank=True, max_length=1000)
    logo = models.ImageField(
        upload_to="logos/",
        blank=True,
        validators=[validate_logo],
        help_text="PNG, JPEG, GIF or WebP, at most LOGO_MAX_BYTES.",
    )
    verified = models.BooleanField(
        default=False,
        help_text="Set by an admin: postings from a verified company skip the review queue.",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="companies"
    )

    objects = CompanyQuerySet.as_manager()

    class Meta:
        db_table = "postings_company"  # made in the postings app, before companies had their own
        ordering = ["name"]
        verbose_name_plural = "companies"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            base = slugify(self.name)[:150] or "company"
            if base in RESERVED_SLUGS:
                base = f"{base}-company"
            slug, n = base, 2
            while Company.objects.filter(slug=slug).exclude(pk=self.pk).exists():
                slug, n = f"{base}-{n}", n + 1
            self.slug = slug
        if self.logo and not self.logo._committed:
            self.logo = reencoded_logo(self.logo)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("companies:detail", kwargs={"slug": self.slug})

    def member_addresses(self) -> list[str]:
        """Where news about the company's postings goes: every member with an address."""
        return list(self.members.exclude(email="").values_list("email", flat=True))


class MembershipRole(models.TextChoices):
    OWNER = "owner", "Owner"
    MEMBER = "member", "Member"


class Membership(models.Model):
    """A user's place in a company: owners may invite; every member may post and manage postings."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=6, choices=MembershipRole.choices, default="member")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "postings_membership"
        ordering = ["company__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "company"], name="membership_unique"),
            models.CheckConstraint(
                condition=Q(role__in=MembershipRole.values), name="membership_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}) at {self.company}"
