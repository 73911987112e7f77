"""``bldgagent propose MODEL.ifc --climate X [--objectives ...] [--top N] [--json] [--write-ifc OUT.ifc --pick K]``:
lower-carbon design changes that keep every room healthy, verified by physics (docs/propose-json.md)."""
from __future__ import annotations

import argparse

from ..errors import InputValueError
from ._common import add_climate_arguments, check_output_file, climate_from_args, command, int_range, print_json


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("model", help="IFC file")
    add_climate_arguments(p)
    p.add_argument("--objectives", default="whole_life,health",
                   help="comma-separated, the first ranks the proposals: whole_life (EN 15978), whole_life_gbt, "
                        "upfront, energy, health (default: whole_life,health)")
    p.add_argument("--top", type=int_range(1, 20), default=3, help="proposals to return, 1-20 (default 3)")
    p.add_argument("--budget", type=int_range(8, 5000), default=64,
                   help="surrogate estimates the search spends, 8-5000 (default 64)")
    p.add_argument("--margin", type=float, default=5.0,
                   help="largest fall of any room's thermal, air or light score, points of 100 (default 5)")
    p.add_argument("--seed", type=int_range(0, 2**31 - 1), default=0, help="random seed (same seed, same result)")
    p.add_argument("--refine-budget", type=int_range(0, 200), default=4,
                   help="physics runs to refine the surrogate on this model when it misses (0: never; default 4)")
    p.add_argument("--repair-budget", type=int_range(0, 200), default=None,
                   help="physics runs to repair rejected change sets when fewer than --top pass (0: never; default "
                        "max(8, rooms / 8), docs/propose-json.md)")
    p.add_argument("--write-ifc", default=None, help="write the proposal --pick K to this IFC file")
    p.add_argument("--pick", type=int_range(1, 20), default=1, help="which proposal --write-ifc writes (1 = best)")
    p.add_argument("--json", action="store_true", help="print the JSON report (docs/propose-json.md)")
    p.add_argument("--quiet", action="store_true", help="no progress bar on stderr (also none with --json)")


@command("propose", "Propose lower-carbon design changes that keep every room healthy, verified by physics.")(configure)
def run(args: argparse.Namespace) -> int:
    from ..ifc import load
    from ..propose import propose

    if args.write_ifc is not None:
        from ..ifc.write import check_output

        check_output_file(args.write_ifc, "--write-ifc", inputs=(args.model,))
        check_output(args.model, args.write_ifc)
    from ..progress import Stages

    with Stages(STAGES, quiet=args.json or args.quiet, desc="propose", delay_s=0) as stages:
        stages.start(STAGES[0])
        building = load(args.model)
        result = propose(building, climate_from_args(args), objectives=args.objectives, top=args.top,
                         budget=args.budget, seed=args.seed, refine_budget=args.refine_budget,
                         **({} if args.repair_budget is None else {"repair_budget": args.repair_budget}),
                         constraints={"margin": args.margin}, progress=_StageProgress(stages))
    data = result.to_dict()
    if args.write_ifc is not None:
        data["written"] = write_pick(args.model, result, args.pick, args.write_ifc)
    if args.json:
        print_json(data)
        return 0
    print(result.report())
    if args.write_ifc is not None:
        print(f"\nwrote proposal #{args.pick} to {args.write_ifc}")
    return 0


#: The stages the progress bar counts (stderr, a terminal only; none with --json or --quiet).
STAGES = ("read model", "baseline physics", "search", "physics checks")


class _StageProgress:
    """``propose``'s progress messages as stages of the bar: a new stage when a message names a later one."""

    def __init__(self, stages):
        self.stages, self.at = stages, 0

    def __call__(self, msg: str) -> None:
        stage = next((i for i, name in enumerate(STAGES) if msg.startswith(name.split()[0])), None)
        if msg.startswith("physics check"):
            stage = 3
        if stage is not None and stage > self.at:
            self.at = stage
            self.stages.start(STAGES[stage])


def write_pick(model: str, result, pick: int, out: str) -> dict:
    """Write proposal ``pick`` (counted from 1) of ``result`` into ``out``: ``{"pick", "output", "changes"}``."""
    from ..design import write_ifc

    if not result.proposals:
        raise InputValueError("--write-ifc: no proposal passed the health constraints; nothing to write (try a "
                              "larger --budget or --margin)")
    if pick > len(result.proposals):
        raise InputValueError(f"--pick {pick}: only {len(result.proposals)} proposal(s); choose 1-"
                              f"{len(result.proposals)}")
    changes = result.proposals[pick - 1]["changes"]
    write_ifc(model, changes, out)
    return {"pick": pick, "output": str(out), "changes": dict(changes)}
