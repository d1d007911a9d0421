"""`stadskennis mail-bounce < message`: record the failed recipients of a delivery status notification
(the mail server pipes each bounce to it), or one address by hand with --address."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand

from stadskennis.mail import services


class Command(BaseCommand):
    help = "Record a bounce: a delivery status notification on standard input, or --address."
    stealth_options = ("stdin",)  # tests pass the message as a stream

    def add_arguments(self, parser):
        parser.add_argument("--address", help="one address, by hand")
        parser.add_argument("--kind", choices=services.KINDS, default="hard")

    def handle(self, *args, address=None, kind="hard", stdin=None, **options):
        try:
            if address:
                reports = [services.Report(address=address, kind=kind, status="by hand")]
            else:
                stream = stdin or sys.stdin.buffer
                reports = services.reports_from_dsn(stream.read(services.MAX_REPORT_BYTES + 1))
            for report in reports:
                services.bounce_record(report)
        except services.BadReport as error:
            # Exit 0 all the same: a mail server that sees a failure would bounce the bounce.
            self.stderr.write(f"mail-bounce: nothing recorded: {error}")
            return
        for report in reports:
            self.stdout.write(f"{report.address}: {report.kind} {report.status}".rstrip())
