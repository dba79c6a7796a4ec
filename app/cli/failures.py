"""How a command that fails reports it: one line on stderr, the problems, a JSON object.

Exit code 1 for bad data and refused work; ``--json`` also prints
``{"ok": false, "error": ..., "hint": ..., "problems": [...]}`` on stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence

from app.domain.errors import Cancelled, ClaimDeskError, Problem, ValidationFailed

Handler = Callable[[argparse.Namespace], int]
MAX_PROBLEMS_SHOWN = 200


def _problem_json(problem: Problem) -> dict[str, object]:
    return {"source": problem.source, "line": problem.line, "field": problem.field,
            "message": problem.message, "severity": problem.severity}


def report(args: argparse.Namespace, message: str, problems: Sequence[Problem] = (),
           hint: str = "") -> int:
    """Print a failure (stderr; and a JSON error object on stdout with ``--json``).

    Args:
        args: the parsed command line (``args.json`` chooses the JSON object).
        message: the one-line summary.
        problems: every problem found (the first is already in ``message`` when alone).
        hint: what to do next.

    Returns:
        The exit code, 1.
    """
    line = f"{message} {hint}".strip()
    print(f"claimdesk: {line}", file=sys.stderr)
    listed = list(problems) if len(problems) > 1 else []
    for problem in listed[:MAX_PROBLEMS_SHOWN]:
        print(f"  {problem}", file=sys.stderr)
    if len(listed) > MAX_PROBLEMS_SHOWN:
        print(f"  ... and {len(listed) - MAX_PROBLEMS_SHOWN} more", file=sys.stderr)
    if getattr(args, "json", False):
        json.dump({"ok": False, "error": message, "hint": hint,
                   "problems": [_problem_json(p) for p in problems]}, sys.stdout, indent=2)
        sys.stdout.write("\n")
    return 1


def run_handler(handler: Handler, args: argparse.Namespace) -> int:
    """Run one subcommand; known errors become a located message and exit code 1.

    Args:
        handler: the subcommand function.
        args: the parsed command line.

    Returns:
        The exit code.
    """
    try:
        return handler(args)
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return report(args, Cancelled().message)
    except ValidationFailed as exc:
        return report(args, exc.message, exc.problems, exc.hint)
    except ClaimDeskError as exc:
        return report(args, exc.message, (), exc.hint)
    except (ValueError, OSError) as exc:
        return report(args, str(exc))
