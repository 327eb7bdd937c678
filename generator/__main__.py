"""`python -m generator`: the same entry point as the `thutuc` console script.

CPython (3.11 to 3.13) marks a KeyboardInterrupt as unhandled whenever one leaves code that
`exec` runs from a string (dataclasses and named tuples make their methods that way, as a
module is imported), even if a caller then catches it; under `python -m` the process then
ends by SIGINT, status -2, whatever `main` returned. `thutuc` handles every interrupt and
returns the status that says what became of `site/`, so that mark is cleared here: running
any string resets it. (The console script ends through `sys.exit` in a file, which Python
takes at its word.)
"""

from generator.cli import main

try:
    status = main()
finally:  # `--help` and argparse's errors leave by SystemExit
    exec("pass")  # clears CPython's "KeyboardInterrupt unhandled" mark: `main` handled them
raise SystemExit(status)
