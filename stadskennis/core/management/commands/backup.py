from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from stadskennis.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Write a backup of the database and the uploaded files to DIR (a new or empty directory)."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory: Path, **options):
        try:
            manifest = backup_create(directory=directory)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {directory}: database ({manifest['database_vendor']}) "
                f"and {len(manifest['files'])} files."
            )
        )
