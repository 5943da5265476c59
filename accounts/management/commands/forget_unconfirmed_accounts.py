from django.core.management.base import BaseCommand

from accounts.views import unconfirmed_expired


class Command(BaseCommand):
    help = (
        "Delete sign-ups whose confirmation link expired unused (PASSWORD_RESET_TIMEOUT), "
        "giving their addresses and user names back. Safe to run at any time."
    )

    def handle(self, *args, **options) -> None:
        deleted, _ = unconfirmed_expired().delete()
        self.stdout.write(f"Forgot {deleted} unconfirmed sign-up(s).")
