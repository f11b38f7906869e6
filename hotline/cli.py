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


def _token(args: argparse.Namespace) -> int:
    from hotline.staff.tokens import Tokens

    try:
        token = Tokens().issue(args.role, unit=args.unit, label=args.label, days=args.days)
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(token)
    return 0


def _revoke(args: argparse.Namespace) -> int:
    from hotline.staff.tokens import Tokens

    ok = Tokens().revoke(args.token)
    print("revoked" if ok else "no such active token")
    return 0 if ok else 1


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
    token = sub.add_parser("token", help="print a new back-office bearer token")
    token.add_argument("--role", required=True, help="dispatcher, handling_unit, supervisor, analyst or admin")
    token.add_argument("--unit", help="the handling unit (for --role handling_unit)")
    token.add_argument("--label", help="who it is for (shown in the audit trail)")
    token.add_argument("--days", type=float, default=30, help="valid for this many days (default 30)")
    token.set_defaults(func=_token)
    revoke = sub.add_parser("revoke-token", help="revoke a back-office token")
    revoke.add_argument("token")
    revoke.set_defaults(func=_revoke)
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
