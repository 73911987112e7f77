"""``python -m bldgagent.cli ARGS``: the same as the ``bldgagent`` console script."""
import sys

from . import main

sys.exit(main())
