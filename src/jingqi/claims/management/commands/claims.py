"""``jingqi claims scan`` and ``jingqi claims generate``: the false-claim model from the command line."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jingqi.core.errors import ActionError


def _bar(enabled: bool, desc: str, total: int | None = None):
    from tqdm import tqdm

    # The bar needs the raw stream: Django's wrapper would end every redraw with a new line.
    return tqdm(total=total, desc=desc, unit=" rows", unit_scale=True, file=sys.stderr, disable=not enabled,
                leave=False)


class Command(BaseCommand):
    help = "Scan consumer complaints for false rights-protection claims, or generate synthetic complaints."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        scan = sub.add_parser("scan", help="Scan a complaint export (CSV or .xlsx) and write the clue report.")
        scan.add_argument("input", help="The complaint export: CSV (UTF-8) or .xlsx with a header row.")
        scan.add_argument("--evidence", help="Folder the evidence_files names are relative to.")
        scan.add_argument("--out", required=True, help="Where to write the report.")
        scan.add_argument("--format", choices=["json", "xlsx", "html"], default="json", help="Report format.")
        scan.add_argument("--reveal", action="store_true",
                          help="Show names, ID numbers and phones in full (they are masked by default).")
        scan.add_argument("--config", help="JSON or TOML file overriding thresholds and weights.")

        gen = sub.add_parser("generate", help="Write synthetic complaints with planted schemes and their truth.")
        gen.add_argument("--rows", type=int, required=True, help="Number of complaints.")
        gen.add_argument("--seed", type=int, default=1, help="Seed: the same seed writes the same file.")
        gen.add_argument("--out", required=True, help="CSV (or .xlsx) to write; the truth goes to NAME.truth.json.")
        gen.add_argument("--evidence", help="Also write the evidence pictures into this folder.")
        gen.add_argument("--variant", choices=["a", "b"], default="a",
                         help="Scheme variant: b is held out from tuning, for the benchmark.")
        gen.add_argument("--clean", action="store_true", help="No messy cells and no broken rows.")

    def handle(self, *args, action, verbosity, **options):
        try:
            if action == "scan":
                self.scan(verbosity=verbosity, **options)
            else:
                self.generate(verbosity=verbosity, **options)
        except ActionError as exc:
            raise CommandError(exc.message)

    def scan(self, *, input, evidence, out, format, reveal, config, verbosity, **_options):
        from jingqi.claims.engine import report
        from jingqi.claims.engine.rules import Config
        from jingqi.claims.engine.scoring import scan

        path = Path(input)
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": input})
        if evidence and not Path(evidence).is_dir():
            raise CommandError(_("No such folder: %(path)s") % {"path": evidence})
        # Checked before the scan, so that a long run does not end in a report that cannot be written.
        if not Path(out).resolve().parent.is_dir():
            raise CommandError(_("No such folder: %(path)s") % {"path": Path(out).resolve().parent})
        cfg = Config.load(config)
        with _bar(verbosity > 0, _("Reading")) as bar:
            try:
                result = scan(path, evidence_dir=evidence, config=cfg, progress=bar.update)
            except (UnicodeDecodeError, OSError) as exc:
                raise CommandError(_("The file cannot be read: %(reason)s") % {"reason": exc})
        report.write(result, out, format, reveal=reveal)
        s = report.summary(result)
        self.stdout.write(_("%(scanned)d complaints scanned, %(skipped)d rows skipped; %(clues)d clues, "
                            "%(flagged)d complaints flagged. Report: %(out)s")
                          % {"scanned": s["rows_scanned"], "skipped": s["rows_skipped"], "clues": s["clues"],
                             "flagged": s["flagged_complaints"], "out": out})
        for err in s["row_errors"][:20]:
            self.stderr.write(_("Row %(row)d skipped: %(reason)s") % {"row": err["row"], "reason": err["reason"]})
        if s["rows_skipped"] > 20:
            self.stderr.write(_("... and %(n)d more rows skipped (listed in the report).")
                              % {"n": s["rows_skipped"] - 20})

    def generate(self, *, rows, seed, out, evidence, variant, clean, verbosity, **_options):
        from jingqi.claims.engine.generator import generate, truth_path

        if rows < 1:
            raise CommandError(_("--rows must be at least 1."))
        with _bar(verbosity > 0, _("Generating"), total=rows) as bar:
            truth = generate(rows, seed, out, evidence_dir=evidence, variant=variant, messy=not clean,
                             progress=bar.update)
        self.stdout.write(_("%(rows)d complaints written to %(out)s (%(fraud)d planted); truth in %(truth)s.")
                          % {"rows": rows, "out": out, "fraud": len(truth.fraud_ids()),
                             "truth": truth_path(Path(out))})
