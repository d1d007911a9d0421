import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from stadskennis.knowledge.importer import items_import


class Command(BaseCommand):
    help = (
        "Import knowledge items from a JSON Lines file (one item per line). Items are matched on 'id'. "
        "Nothing is written when any line is invalid, unless --partial."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check and report, write nothing.")
        parser.add_argument(
            "--partial", action="store_true", help="Write the valid lines even if others fail."
        )
        parser.add_argument(
            "--owner", help="Owner organisation (slug or NIS code) for lines without 'owner'."
        )

    def handle(self, *args, file: Path, dry_run: bool, partial: bool, owner: str | None, **options):
        from stadskennis.core.models import Organisation

        if not file.is_file():
            raise CommandError(f"{file} does not exist.")
        default_owner = None
        if owner:
            default_owner = (
                Organisation.objects.filter(slug=owner).first()
                or Organisation.objects.filter(codes__code=owner).first()
            )
            if default_owner is None:
                raise CommandError(f"Unknown organisation {owner!r}.")

        def progress(done: int, total: int) -> None:
            width = 30
            filled = int(width * done / total) if total else width
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
            sys.stderr.flush()

        try:
            with file.open(encoding="utf-8") as handle:
                report = items_import(
                    lines=handle,
                    dry_run=dry_run,
                    partial=partial,
                    base_dir=file.parent,
                    default_owner=default_owner,
                    progress=progress,
                )
        except UnicodeDecodeError as error:
            raise CommandError(f"{file} is not UTF-8 text ({error}). Nothing was written.") from error
        sys.stderr.write("\n" if report.written else "")
        for error in report.errors:
            self.stderr.write(str(error))
        verb = "would create" if dry_run or not report.written else "created"
        summary = (
            f"{verb} {report.created}, {'would update' if verb != 'created' else 'updated'} {report.updated}"
        )
        if report.errors and not report.written:
            raise CommandError(f"{len(report.errors)} problem(s); nothing was written ({summary}).")
        self.stdout.write(
            self.style.SUCCESS(summary + (f"; {len(report.errors)} line(s) skipped" if report.errors else ""))
        )
