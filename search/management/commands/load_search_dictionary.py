"""`manage.py load_search_dictionary`: load the shipped search dictionary
(search/dictionary/domain_synonyms.json and related_terms.json) into the synonym groups and
related terms editors see, keeping their edits."""

from django.core.management.base import BaseCommand, CommandError

from search.dictionary import DICTIONARY_FILE, dictionary_load
from search.dictionary.related import RELATED_FILE, related_terms_load


class Command(BaseCommand):
    help = (
        "Load the shipped synonym groups and abbreviations into the Synonym snippets. "
        "Idempotent: a second run creates nothing. Each shipped group remembers the text the "
        "dictionary gave it; a group whose terms or note an editor changed is kept as edited, "
        "and a shipped group an editor deleted leaves a tombstone and is not brought back "
        "(--restore KEY returns a group to the shipped text). Groups the file no longer has are "
        "removed unless an editor changed them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DICTIONARY_FILE), help="the dictionary file")
        parser.add_argument(
            "--related-file", default=str(RELATED_FILE), help="the related terms file"
        )
        parser.add_argument(
            "--restore",
            action="append",
            default=[],
            metavar="KEY",
            help="return this shipped group (its first term) to the shipped text, even if an "
            "editor changed or deleted it; repeatable",
        )

    def handle(self, *args, **options):
        try:
            report = dictionary_load(options["file"], restore=options["restore"])
            related = related_terms_load(options["related_file"], restore=options["restore"])
        except (OSError, ValueError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"search dictionary: {report.created} created, {report.updated} updated, "
            f"{report.adopted} adopted from identical editor groups, {report.unchanged} "
            f"unchanged, {len(report.kept_as_edited)} kept as edited, "
            f"{len(report.kept_deleted)} kept deleted, {report.withdrawn} withdrawn"
        )
        self.stdout.write(
            f"related terms: {related.created} created, {related.updated} updated, "
            f"{related.unchanged} unchanged, {len(related.kept_as_edited)} kept as edited, "
            f"{len(related.kept_deleted)} kept deleted, {related.withdrawn} withdrawn"
        )
        if options["verbosity"] > 1:
            for key in [*report.kept_as_edited, *related.kept_as_edited]:
                self.stdout.write(f"  kept as edited: {key}")
            for key in [*report.kept_deleted, *related.kept_deleted]:
                self.stdout.write(f"  kept deleted: {key}")
