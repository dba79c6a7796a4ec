"""`python -m app` starts ClaimDesk (GUI without arguments, CLI with them)."""

from app.cli.main import main

raise SystemExit(main())
