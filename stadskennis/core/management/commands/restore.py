from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from stadskennis.core.backup import BackupError, backup_restore
from stadskennis.core.maintenance import refresh_planner_statistics


class Command(BaseCommand):
    help = "Replace the database and uploaded files with the backup in DIR. Checks the backup first."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, directory: Path, yes: bool, **options):
        if not yes:
            answer = input(f"This replaces ALL current data with the backup in {directory}. Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled; nothing was changed.")
        try:
            manifest = backup_restore(directory=directory)
        except BackupError as error:
            raise CommandError(f"{error} Nothing was changed.") from error
        refresh_planner_statistics()  # every table was refilled
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup of {manifest['created_at']} ({len(manifest['files'])} files)."
            )
        )
