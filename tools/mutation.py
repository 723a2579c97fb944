"""Mutation testing of the core pure modules with cosmic-ray, run in a scratch copy of the tree (`make mutation`).

    .venv/bin/python tools/mutation.py [MODULE ...]    # default: every module in MODULES

Prints, per module, the mutants, how many the tests killed, how many survived, timed out or were incompetent, the
kill rate and the wall time, then the total and every surviving mutant's location, operator and diff. It is a report:
it exits 0 however many mutants survive, and 1 only when the tool itself failed.
"""

import argparse
import ast
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from cosmic_ray.config import serialize_config
from cosmic_ray.work_db import WorkDB, use_db
from cosmic_ray.work_item import TestOutcome, WorkerOutcome, WorkResult

ROOT = Path(__file__).resolve().parent.parent
# Each run gets its own folder here (run-*/tree, run-*/sessions), so two runs never overwrite each other's copy.
SCRATCH = ROOT / "build" / "mutation"

# Module -> the test files (or test ids) that exercise it. Keep each list to fast, focused tests: every mutant runs it.
MODULES: dict[str, tuple[str, ...]] = {
    "dhr/clocks/engine.py": ("tests/clocks/test_engine.py",),
    "dhr/duties/rules.py": (
        "tests/duties/test_rules.py",
        # The only rules test in that file; the rest are page tests that would add ~14 s to every mutant.
        "tests/duties/test_register_rules.py::test_a_due_day_past_the_month_end_falls_on_its_last_day",
    ),
    "dhr/evidence/fuzzy_dates.py": ("tests/evidence/test_fuzzy_dates.py",),
    "dhr/reviews/workflow.py": ("tests/reviews/test_workflow.py",),
    "dhr/privacy/fold.py": ("tests/privacy",),
    "dhr/privacy/needles.py": ("tests/privacy", "tests/drafting/test_drafting_units.py"),
    "dhr/privacy/scan.py": ("tests/privacy",),
    "dhr/privacy/numbers.py": ("tests/privacy",),
    "dhr/privacy/tokens.py": ("tests/privacy/test_tokens.py",),
    "dhr/recommendations/similarity.py": ("tests/recommendations/test_similarity.py",),
}

# A mutant's tests get this many times the unmutated run's time (but at least MIN_TIMEOUT) before counting as a hang.
TIMEOUT_FACTOR = 3
MIN_TIMEOUT = 20.0

CANARY = 'raise RuntimeError("mutation canary: the tests imported this copy")\n'


class ToolError(Exception):
    """The mutation run itself went wrong, so its figures would mean nothing."""


@dataclass
class Survivor:
    """One mutant no test noticed."""

    where: str
    operator: str
    diff: str


@dataclass
class Result:
    """One module's figures."""

    module: str
    killed: int = 0
    timed_out: int = 0
    survived: int = 0
    incompetent: int = 0
    skipped: int = 0
    seconds: float = 0.0
    survivors: list[Survivor] = field(default_factory=list)

    @property
    def mutants(self) -> int:
        """Mutants run against the tests (the skipped annotation mutants are not counted)."""
        return self.killed + self.timed_out + self.survived + self.incompetent

    @property
    def kill_rate(self) -> float:
        """Killed or timed out, as a percentage of the mutants that ran to a verdict."""
        decided = self.killed + self.timed_out + self.survived
        return 100.0 * (self.killed + self.timed_out) / decided if decided else 100.0


def copy_tree(tree: Path) -> None:
    """Copy the git-tracked and untracked-but-not-ignored files into a new folder."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if not source.is_file():  # tracked but deleted in the working tree
            continue
        target = tree / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target, follow_symlinks=False)


def test_env() -> dict[str, str]:
    """The environment for every test run."""
    env = dict(os.environ, DHR_ENV="test")
    # A mutant often keeps the file's size and mtime second, so a cached .pyc of the original would be run instead.
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def test_command(tests: list[str]) -> str:
    """The pytest command each mutant runs, from inside the copy."""
    return shlex.join([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests])


def run_tests(tree: Path, command: str) -> tuple[bool, float, str]:
    """Run a test command in the copy: (passed, seconds, output)."""
    started = time.monotonic()
    done = subprocess.run(shlex.split(command), cwd=tree, env=test_env(), capture_output=True, text=True)
    return done.returncode == 0, time.monotonic() - started, done.stdout + done.stderr


def check_the_copy_is_tested(tree: Path, module: str, command: str) -> float:
    """Fail unless the tests pass on the unmutated copy and fail on a broken one; returns the clean run's seconds."""
    passed, seconds, output = run_tests(tree, command)
    if not passed:
        raise ToolError(f"{module}: the tests fail before any mutation, so every mutant would look killed:\n{output}")
    path = tree / module
    original = path.read_text()
    try:
        path.write_text(CANARY + original)
        # If this passes, pytest imported the original tree (e.g. through the editable install), not the copy.
        broken_passed, _, _ = run_tests(tree, command)
    finally:
        path.write_text(original)
    if broken_passed:
        raise ToolError(f"{module}: a deliberately broken copy passed its tests, so they are not testing the copy")
    return seconds


def annotation_spans(path: Path) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Where the type annotations are, as ((line, column), (end line, end column)) in characters."""
    source = path.read_text()
    lines = source.splitlines()

    def char_col(line: int, byte_col: int) -> int:
        return len(lines[line - 1].encode()[:byte_col].decode())

    spans = []
    for node in ast.walk(ast.parse(source)):
        annotations = []
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            annotations.append(node.returns)
        elif isinstance(node, ast.arg | ast.AnnAssign):
            annotations.append(node.annotation)
        for a in filter(None, annotations):
            start = (a.lineno, char_col(a.lineno, a.col_offset))
            spans.append((start, (a.end_lineno, char_col(a.end_lineno, a.end_col_offset))))
    return spans


def skip_annotation_mutants(session: Path, module_path: Path) -> None:
    """Mark mutants inside type annotations skipped: `date | None` -> `date + None` only breaks the import."""
    spans = annotation_spans(module_path)
    with use_db(str(session), WorkDB.Mode.open) as db:
        for item in db.pending_work_items:
            start = tuple(item.mutations[0].start_pos)
            if any(first <= start < last for first, last in spans):
                db.set_result(item.job_id, WorkResult(worker_outcome=WorkerOutcome.SKIPPED, output="annotation"))


def cosmic_ray(tree: Path, *args: str) -> None:
    """Run a cosmic-ray command in the copy."""
    done = subprocess.run(
        [sys.executable, "-m", "cosmic_ray.cli", *args], cwd=tree, env=test_env(), capture_output=True, text=True
    )
    if done.returncode != 0:
        raise ToolError(f"cosmic-ray {' '.join(args)} failed ({done.returncode}):\n{done.stdout}{done.stderr}")


def write_config(path: Path, module: str, command: str, timeout: float) -> None:
    """The cosmic-ray session config for one module."""
    config = {
        "module-path": module,
        "timeout": round(timeout),
        "excluded-modules": [],
        "test-command": command,
        "distributor": {"name": "local"},
    }
    path.write_text(serialize_config(config))


def tally(session: Path, module: str) -> Result:
    """Count the session's outcomes."""
    result = Result(module)
    with use_db(str(session), WorkDB.Mode.open) as db:
        if db.pending_work_items:
            raise ToolError(f"{module}: cosmic-ray left {len(db.pending_work_items)} mutants unrun")
        for item, outcome in db.completed_work_items:
            mutation = item.mutations[0]
            if outcome.worker_outcome in (WorkerOutcome.SKIPPED, WorkerOutcome.NO_TEST):
                result.skipped += 1
            elif outcome.test_outcome is TestOutcome.SURVIVED:
                result.survived += 1
                where = f"{mutation.module_path}:{mutation.start_pos[0]}"
                result.survivors.append(Survivor(where, mutation.operator_name, outcome.diff or ""))
            elif outcome.test_outcome is TestOutcome.INCOMPETENT:
                result.incompetent += 1
            elif outcome.output == "timeout":  # cosmic-ray reports a timeout as killed, with this output
                result.timed_out += 1
            else:
                result.killed += 1
    result.survivors.sort(key=lambda s: (int(s.where.rsplit(":", 1)[1]), s.operator))
    return result


def mutate(tree: Path, module: str) -> Result:
    """Run every mutant of one module against its tests."""
    started = time.monotonic()
    tests = [t for t in MODULES[module] if (tree / t.split("::")[0]).exists()]
    for missing in sorted(set(MODULES[module]) - set(tests)):
        print(f"  note: {missing} does not exist; left out")
    if not tests:
        raise ToolError(f"{module}: none of its test files exist")
    command = test_command(tests)
    clean_seconds = check_the_copy_is_tested(tree, module, command)
    timeout = max(MIN_TIMEOUT, TIMEOUT_FACTOR * clean_seconds)
    stem = module.removesuffix(".py").replace("/", ".")
    sessions = tree.parent / "sessions"
    sessions.mkdir(exist_ok=True)
    config, session = sessions / f"{stem}.toml", sessions / f"{stem}.sqlite"
    write_config(config, module, command, timeout)
    cosmic_ray(tree, "init", str(config), str(session))
    skip_annotation_mutants(session, tree / module)
    cosmic_ray(tree, "exec", str(config), str(session))
    result = tally(session, module)
    result.seconds = time.monotonic() - started
    return result


def minutes(seconds: float) -> str:
    """'4m 05s'."""
    return f"{int(seconds // 60)}m {int(seconds % 60):02d}s"


def print_report(results: list[Result]) -> None:
    """The table, then every survivor."""
    header = f"{'module':<36} {'mutants':>7} {'killed':>6} {'survived':>8} {'timeout':>7} {'incomp.':>7} {'kill %':>6}"
    print(f"\n{header} {'time':>8}")
    for r in results:
        print(
            f"{r.module:<36} {r.mutants:>7} {r.killed:>6} {r.survived:>8} {r.timed_out:>7} {r.incompetent:>7}"
            f" {r.kill_rate:>6.1f} {minutes(r.seconds):>8}"
        )
    total = Result("total")
    for r in results:
        for name in ("killed", "timed_out", "survived", "incompetent", "skipped", "seconds"):
            setattr(total, name, getattr(total, name) + getattr(r, name))
    print(
        f"{'total':<36} {total.mutants:>7} {total.killed:>6} {total.survived:>8} {total.timed_out:>7}"
        f" {total.incompetent:>7} {total.kill_rate:>6.1f} {minutes(total.seconds):>8}"
    )
    print(f"({total.skipped} mutants inside type annotations were skipped: they only break the import)")
    for r in results:
        for s in r.survivors:
            print(f"\nSURVIVED {s.where} {s.operator}\n{s.diff.rstrip()}")


def main(argv: list[str] | None = None) -> int:
    """Mutation-test the chosen modules and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", metavar="MODULE", help=f"default: all of {', '.join(MODULES)}")
    chosen = parser.parse_args(argv).modules or list(MODULES)
    unknown = [m for m in chosen if m not in MODULES]
    if unknown:
        parser.error(f"no test mapping for {', '.join(unknown)}; known modules: {', '.join(MODULES)}")
    SCRATCH.mkdir(parents=True, exist_ok=True)
    run = Path(tempfile.mkdtemp(prefix="run-", dir=SCRATCH))
    tree = run / "tree"
    try:
        copy_tree(tree)
        results = []
        for module in chosen:
            print(f"mutating {module} ...", flush=True)
            results.append(mutate(tree, module))
            print(f"  done in {minutes(results[-1].seconds)}", flush=True)
    except (ToolError, subprocess.CalledProcessError, OSError) as exc:
        print(f"mutation testing failed: {exc}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(tree, ignore_errors=True)  # the copy is large; the sessions beside it are kept for inspection
    print_report(results)
    print(f"\nsessions: {run.relative_to(ROOT) / 'sessions'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
