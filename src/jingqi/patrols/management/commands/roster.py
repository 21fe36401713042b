"""``jingqi roster solve|check|generate``: the guard-roster file format from the command line."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

BAD_INPUT = 2  # exit status for unreadable or invalid files (1 means the roster breaks something)


def _read_json(path: str):
    p = Path(path)
    if not p.is_file():
        raise CommandError(_("No such file: %(path)s") % {"path": path}, returncode=BAD_INPUT)
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise CommandError(_("%(path)s is not valid JSON: %(reason)s") % {"path": path, "reason": exc},
                           returncode=BAD_INPUT)
    except OSError as exc:
        raise CommandError(_("The file cannot be read: %(reason)s") % {"reason": exc}, returncode=BAD_INPUT)


def _load(path: str):
    from jingqi.patrols.roster import InstanceError, load_instance

    try:
        return load_instance(_read_json(path))
    except InstanceError as exc:
        raise CommandError(_("%(path)s: %(reason)s") % {"path": path, "reason": exc}, returncode=BAD_INPUT)


def _check_out(out: str) -> Path:
    path = Path(out)
    if not path.resolve().parent.is_dir():
        raise CommandError(_("No such folder: %(path)s") % {"path": path.resolve().parent}, returncode=BAD_INPUT)
    return path


def _write(path: Path, data: dict) -> None:
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)  # all or nothing


class Command(BaseCommand):
    requires_system_checks = []  # a file tool: no database, no project checks
    help = "Solve, check or generate guard rosters (the roster file format of the guard operations)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        solve = sub.add_parser("solve", help="Compute a roster for an instance file.")
        solve.add_argument("instance", help="The instance (JSON).")
        solve.add_argument("--out", required=True, help="Where to write the roster (JSON).")
        solve.add_argument("--time-limit", type=float, default=30.0, help="Seconds for the whole solve (30).")
        solve.add_argument("--workers", type=int, default=2, help="Search workers (2).")
        solve.add_argument("--greedy", action="store_true", help="Write the greedy baseline instead.")
        check = sub.add_parser("check", help="Check a roster against its instance: every rule and the coverage.")
        check.add_argument("instance", help="The instance (JSON).")
        check.add_argument("roster", help="The roster (JSON).")
        check.add_argument("--coverage", help="Also write the coverage table (JSON) here.")
        gen = sub.add_parser("generate", help="Write a synthetic instance with realistic availability.")
        gen.add_argument("--seed", type=int, required=True, help="Seed: the same seed writes the same file.")
        gen.add_argument("--segments", type=int, default=30)
        gen.add_argument("--hours", type=int, default=336)
        gen.add_argument("--people", type=int, default=300)
        gen.add_argument("--variant", default="ok",
                         help="ok, no_night_segment, tight_week or no_officer_night (the last three cannot be "
                              "fully covered).")
        gen.add_argument("--out", required=True, help="Where to write the instance (JSON).")

    def handle(self, *args, action, **options):
        getattr(self, f"run_{action}")(**options)

    def run_solve(self, *, instance, out, time_limit, workers, greedy, verbosity, **_options):
        from jingqi.patrols.roster import greedy as run_greedy
        from jingqi.patrols.roster import solve

        inst = _load(instance)
        path = _check_out(out)
        if time_limit <= 0 or workers < 1:
            raise CommandError(_("--time-limit and --workers must be positive."), returncode=BAD_INPUT)
        if greedy:
            roster = run_greedy(inst)
        else:
            from tqdm import tqdm

            # The bar needs the raw stream: Django's wrapper would end every redraw with a new line.
            with tqdm(total=1000, desc=_("Solving"), file=sys.stderr, disable=verbosity < 1, leave=False,
                      bar_format="{l_bar}{bar}| {elapsed}<{remaining} {postfix}") as bar:
                def progress(fraction: float, message: str) -> None:
                    bar.update(max(0, int(fraction * 1000) - bar.n))
                    bar.set_postfix_str(message, refresh=False)

                roster = solve(inst, time_limit=time_limit, workers=workers, progress=progress)
        _write(path, roster.to_json())
        s = roster.stats
        self.stdout.write(_("%(status)s: %(shifts)d shifts, %(gaps)d uncovered slots (%(missing)d person-hours), "
                            "objective %(obj)s, bound %(bound)s, %(sec).1f s. Roster: %(out)s")
                          % {"status": roster.status, "shifts": s["shifts"], "gaps": len(roster.uncovered),
                             "missing": s.get("missing_person_hours", 0), "obj": roster.objective,
                             "bound": roster.bound, "sec": roster.seconds, "out": out})
        for u in roster.uncovered[:20]:
            self.stdout.write(f"  {u.segment} h{u.hour}: {u.missing} — {u.reason}")
        if len(roster.uncovered) > 20:
            self.stdout.write(_("  ... and %(n)d more (listed in the roster).") % {"n": len(roster.uncovered) - 20})

    def run_check(self, *, instance, roster, coverage, **_options):
        from jingqi.patrols.roster import InstanceError, check, load_assignments

        inst = _load(instance)
        data = _read_json(roster)
        try:
            assignments = load_assignments(data)
        except InstanceError as exc:
            raise CommandError(_("%(path)s: %(reason)s") % {"path": roster, "reason": exc}, returncode=BAD_INPUT)
        cov_path = _check_out(coverage) if coverage else None
        report = check(inst, assignments)
        declared = data.get("uncovered", []) if isinstance(data, dict) else []
        if not isinstance(declared, list) or not all(
                isinstance(u, dict) and {"segment", "hour", "missing"} <= u.keys() for u in declared):
            raise CommandError(_("%(path)s: uncovered must be a list of {segment, hour, missing}.")
                               % {"path": roster}, returncode=BAD_INPUT)
        broken = report.undeclared(declared)
        if cov_path:
            _write(cov_path, report.to_json())
        for v in broken:
            self.stdout.write(f"{v.rule}: {v.message}")
        gaps = len(report.gaps)
        if broken:
            raise CommandError(_("%(n)d problems found (%(gaps)d uncovered slots in all).")
                               % {"n": len(broken), "gaps": gaps}, returncode=1)
        self.stdout.write(_("The roster keeps every rule; %(n)d shifts; %(gaps)d uncovered slots, all declared.")
                          % {"n": len(assignments), "gaps": gaps})

    def run_generate(self, *, seed, segments, hours, people, variant, out, **_options):
        from jingqi.patrols.roster.generate import VARIANTS, generate

        if variant not in VARIANTS:
            raise CommandError(_("--variant must be one of: %(v)s") % {"v": ", ".join(VARIANTS)}, returncode=BAD_INPUT)
        if min(segments, hours, people) < 1:
            raise CommandError(_("--segments, --hours and --people must be positive."), returncode=BAD_INPUT)
        path = _check_out(out)
        data = generate(seed, segments, hours, people, variant=variant)
        _write(path, data)
        self.stdout.write(_("Instance written to %(out)s: %(s)d segments, %(h)d hours, %(p)d people.")
                          % {"out": out, "s": segments, "h": hours, "p": people})
