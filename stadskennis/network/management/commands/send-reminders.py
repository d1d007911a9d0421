from django.core.management.base import BaseCommand

from stadskennis.network.tasks import send_due_reminders


class Command(BaseCommand):
    help = "Queue the homework reminders that are due (run hourly from cron; the worker sends them)."

    def handle(self, *args, **options):
        result = send_due_reminders.enqueue()
        self.stdout.write(f"queued ({result.id})")
