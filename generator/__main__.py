"""`python -m generator`: the same entry point as the `thutuc` console script."""

from generator.cli import main

raise SystemExit(main())
