"""``python -m daemon ...``: the same command line as the ``sleepllm`` script."""

import sys

from daemon.cli import main

sys.exit(main())
