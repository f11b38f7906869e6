"""`python -m hotline COMMAND`: the command-line doors into the hotline core."""
from __future__ import annotations

import argparse
import sys


def _triage(args: argparse.Namespace) -> int:
    from hotline.screening.triage import triage_lines

    stdin = open(sys.stdin.fileno(), encoding="utf-8", errors="replace", closefd=False)
    for out in triage_lines(stdin):
        sys.stdout.write(out + "\n")
        sys.stdout.flush()
    return 0


def _check_policy(args: argparse.Namespace) -> int:
    from hotline.startup import check_all

    for line in check_all():
        print(line)
    return 0


def _unblock(args: argparse.Namespace) -> int:
    from hotline.screening.gatekeeper import default_gatekeeper

    lifted = default_gatekeeper().lift_block(args.sender, args.staff)
    print(f"block on {args.sender} lifted" if lifted else f"{args.sender} was not blocked (recorded anyway)")
    return 0


def _migrate(args: argparse.Namespace) -> int:
    from hotline.storage import sql

    url = sql.database_url()
    revision = sql.migrate(sql.create_engine(url, future=True), args.revision)
    print(f"{url.split('@')[-1]}: at revision {revision}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hotline", description="12345 hotline intake core")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("triage", help="screen JSON Lines {id, text} from stdin").set_defaults(func=_triage)
    sub.add_parser("check-policy", help="validate every policy file").set_defaults(func=_check_policy)
    unblock = sub.add_parser("unblock", help="lift the abuse block on a sender (uses REDIS_URL)")
    unblock.add_argument("sender")
    unblock.add_argument("--staff", required=True, help="who lifts it (recorded)")
    unblock.set_defaults(func=_unblock)
    migrate = sub.add_parser("migrate", help="upgrade the SQL schema (HOTLINE_DATABASE_URL) to a revision")
    migrate.add_argument("revision", nargs="?", default="head")
    migrate.set_defaults(func=_migrate)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except Exception as e:  # policy errors and the like: a clear message, not a stack trace
        from hotline.policy import PolicyError

        if isinstance(e, PolicyError):
            print(f"policy error: {e}", file=sys.stderr)
            return 2
        raise
