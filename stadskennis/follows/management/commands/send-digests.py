from django.core.management.base import BaseCommand

from stadskennis.follows.models import DigestPreference
from stadskennis.follows.tasks import send_digests


class Command(BaseCommand):
    help = "Queue the daily or weekly digest run (from cron; the worker sends the mail)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--frequency",
            choices=[DigestPreference.Frequency.DAILY, DigestPreference.Frequency.WEEKLY],
            required=True,
        )

    def handle(self, *args, frequency, **options):
        result = send_digests.enqueue(frequency)
        self.stdout.write(f"queued ({result.id})")
