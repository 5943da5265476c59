"""What brings candidates back: saved postings and e-mail alerts for a search."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from postings.filters import PostingFilter
from postings.models import Posting


class SavedPosting(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_postings"
    )
    posting = models.ForeignKey(Posting, on_delete=models.CASCADE, related_name="saves")
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "postings_savedposting"  # made in the postings app, before candidates had one
        ordering = ["-saved_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "posting"], name="saved_posting_once_per_user")
        ]
        # The saved page lists one user's rows, newest first; the unique index above
        # answers "which of these postings has this user saved?" for the list page.
        indexes = [
            models.Index("user", models.F("saved_at").desc(), name="saved_posting_user_recent")
        ]

    def __str__(self) -> str:
        return f"{self.user} saved {self.posting_id}"


def saved_ids(user, postings) -> set[int]:
    """Which of `postings` the user has saved: one query for a whole page, none if signed out."""
    if not user.is_authenticated:
        return set()
    ids = [posting.pk for posting in postings]
    if not ids:
        return set()
    return set(
        SavedPosting.objects.filter(user=user, posting_id__in=ids).values_list(
            "posting_id", flat=True
        )
    )


class AlertFrequency(models.TextChoices):
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"


ALERT_INTERVALS = {
    AlertFrequency.DAILY: timedelta(days=1),
    AlertFrequency.WEEKLY: timedelta(days=7),
}
# A daily cron job starts a few seconds earlier or later each day; without this slack an
# alert sent at 07:00:05 yesterday would not yet be due at 07:00:02 today and skip a day.
ALERT_SCHEDULE_SLACK = timedelta(hours=1)


class JobAlertQuerySet(models.QuerySet):
    def confirmed(self) -> "JobAlertQuerySet":
        return self.filter(confirmed_at__isnull=False)

    def due(self, now: datetime) -> "JobAlertQuerySet":
        """Confirmed alerts never run, or last run at least one interval (less the slack) ago."""
        waited = Q(last_run_at__isnull=True)
        for frequency, interval in ALERT_INTERVALS.items():
            waited |= Q(frequency=frequency, last_run_at__lte=now - interval + ALERT_SCHEDULE_SLACK)
        return self.confirmed().filter(waited)

    def stale_unconfirmed(self, now: datetime) -> "JobAlertQuerySet":
        """Sign-ups whose confirmation link has expired: they can never be confirmed."""
        max_age = timedelta(seconds=settings.JOB_ALERT_CONFIRM_MAX_AGE)
        return self.filter(confirmed_at__isnull=True, created_at__lt=now - max_age)


class JobAlert(models.Model):
    """A saved search that e-mails its new postings, once its owner confirms the address."""

    Frequency = AlertFrequency

    email = models.EmailField("e-mail address")
    # The search as a canonical query string (PostingFilter.canonical), read back through
    # PostingFilter when the alert runs, so an alert matches exactly what /jobs/ would show.
    query = models.TextField(blank=True)
    frequency = models.CharField(
        max_length=6, choices=AlertFrequency.choices, default=AlertFrequency.DAILY
    )
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_run_at = models.DateTimeField(null=True, blank=True)

    objects = JobAlertQuerySet.as_manager()

    class Meta:
        db_table = "postings_jobalert"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["email", "query"], name="job_alert_once_per_search"),
            models.CheckConstraint(
                condition=Q(frequency__in=AlertFrequency.values), name="job_alert_frequency_valid"
            ),
        ]
        indexes = [
            # `due()` reads confirmed alerts by frequency and last run.
            models.Index(
                fields=["frequency", "last_run_at"],
                name="job_alert_due",
                condition=Q(confirmed_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_frequency_display()} alert for {self.email}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    def search_url(self) -> str:
        return PostingFilter.list_url(self.query)

    def window_start(self) -> datetime:
        """The oldest publication time a run considers.

        Deliveries, not this time, are what stop a posting being sent twice. The window
        reaches one interval behind the last run so that a posting whose publication was
        committed while that run was under way, or that fell beyond the last e-mail's
        limit, still has a chance; it never reaches before the confirmation.
        """
        assert self.confirmed_at is not None
        if self.last_run_at is None:
            return self.confirmed_at
        return max(self.confirmed_at, self.last_run_at - ALERT_INTERVALS[self.frequency])


class AlertDelivery(models.Model):
    """One posting sent (or claimed for sending) to one alert; the unique pair is the
    guarantee that no alert is ever sent the same posting twice."""

    alert = models.ForeignKey(JobAlert, on_delete=models.CASCADE, related_name="deliveries")
    posting = models.ForeignKey(Posting, on_delete=models.CASCADE, related_name="alert_deliveries")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "postings_alertdelivery"
        constraints = [
            models.UniqueConstraint(fields=["alert", "posting"], name="alert_delivery_once")
        ]
        verbose_name_plural = "alert deliveries"

    def __str__(self) -> str:
        return f"posting {self.posting_id} to alert {self.alert_id}"
