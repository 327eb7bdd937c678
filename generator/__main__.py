import sys

try:
    from generator.cli.commands import main
except KeyboardInterrupt:  # Ctrl-C while Python loads the command: nothing was done yet
    print("interrupted", file=sys.stderr)
    raise SystemExit(130) from None

raise SystemExit(main())
