from generator.cli.commands import main

raise SystemExit(main())
