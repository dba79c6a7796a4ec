"""`python -m app` starts ClaimDesk (GUI without arguments, CLI with them)."""

from app.launch import main

raise SystemExit(main())
