"""``omero demo``: import pyomero's demo data set (generated, no download) on this server.

Creates the ``demo`` user in the read-annotate group ``demo`` (its password is printed
once) and imports a Z-stack, a time series, an RGB picture, a 16,384 x 16,384 image and
a plate into a project, a dataset and a screen. Running it again imports nothing twice.
"""

from __future__ import annotations

import argparse

from pyomero.cli.user import model_errors, root_context


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("demo", help="Import the demo data set (once).")
    parser.add_argument(
        "--big-side", type=int, default=None, help="Side of the large image (16384)."
    )
    parser.set_defaults(handler=demo_command)


@model_errors
def demo_command(args: argparse.Namespace) -> int:
    from pyomero.cli.import_ import Bars
    from pyomero.testing.demo import BIG_SIDE, USER, load_demo

    bars = Bars()
    with bars.progress:
        done = load_demo(root_context(), big_side=args.big_side or BIG_SIDE, progress=bars.update)
    if done.password:
        print(f"Created the demo user '{USER}' with the password: {done.password}")
        print("It is shown only this once: change it with 'omero user password demo'")
    failed = [r for r in done.results if not r.ok]
    for result in done.results:
        print(f"{result.path.name}: {result.summary}")
    if not done.results:
        print("The demo data is already imported")
    return 1 if failed else 0
