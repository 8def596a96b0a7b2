"""``import_opportunities FILE [--list NAME] [--publish]``: load a publisher's spreadsheet as pages."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from cms.importing import ImportFileError, import_opportunities, read_rows


class Command(BaseCommand):
    help = (
        "Import scenarios and challenges from a CSV, XLSX or JSON file with the columns ref, kind, "
        "title, publisher, domain, region, description, budget_wan, deadline, keywords, source_url."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .csv, .xlsx or .json file")
        parser.add_argument(
            "--list",
            dest="list_title",
            help="title of the opportunity list to import into (created if missing; "
            "defaults to the file name)",
        )
        parser.add_argument(
            "--publish", action="store_true", help="publish the pages instead of saving drafts"
        )

    def handle(self, *args, file, list_title, publish, **options):
        path = Path(file)
        try:
            rows = read_rows(path)
            report = import_opportunities(
                rows,
                list_title=list_title or path.stem,
                publish=publish,
                progress=lambda items: tqdm(items, desc="importing", unit="row", disable=None),
            )
        except ImportFileError as error:
            raise CommandError(str(error)) from error

        for number, message in report.warnings:
            self.stdout.write(self.style.WARNING(f"row {number}: {message}"))
        for number, message in report.errors:
            self.stderr.write(self.style.ERROR(f"row {number}: {message}"))
        state = "published" if publish else "saved as drafts"
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.list_page.title}: {len(report.created)} created, "
                f"{len(report.updated)} updated ({state}), {len(report.errors)} row(s) rejected"
            )
        )
        if report.errors and not (report.created or report.updated):
            raise CommandError("no row could be imported")
