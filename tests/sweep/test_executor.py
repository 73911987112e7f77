"""The executor: same ordered outcomes whatever the scheduler; a failing item is an error row."""
import pytest

from bldgagent.errors import InputValueError
from bldgagent.sweep.executor import Outcome, get_executor, map_items


def square_or_fail(x):
    if x == 3:
        raise InputValueError("three is refused")
    if x == 5:
        raise ZeroDivisionError("five")
    return x * x


ITEMS = list(range(8))
EXPECTED = [0, 1, 4, None, 16, None, 36, 49]


@pytest.mark.parametrize("scheduler", ["serial", "processes"])
def test_outcomes_in_order_with_errors(scheduler):
    out = map_items(square_or_fail, ITEMS, scheduler=scheduler, workers=2, progress=False)
    assert [o.value for o in out] == EXPECTED
    assert out[3].error == "InputValueError: three is refused"
    assert out[5].error.startswith("ZeroDivisionError: five")
    assert [o.ok for o in out] == [e is not None for e in EXPECTED]


def test_dask_local_cluster_equals_serial():
    pytest.importorskip("distributed")
    serial = map_items(square_or_fail, ITEMS, scheduler="serial")
    dask = map_items(square_or_fail, ITEMS, scheduler="dask", workers=2, progress=False)
    assert dask == serial


def test_bad_scheduler_and_workers():
    with pytest.raises(InputValueError, match="unknown scheduler"):
        get_executor("threads")
    with pytest.raises(InputValueError, match="workers"):
        get_executor("serial", workers=0)
    assert Outcome(value=1).ok and not Outcome(error="x").ok
