"""``python -m app`` is the ``hamish`` program."""

import sys

from app.main import main

sys.exit(main())
