"""Today (the ranked work list the window opens on) and the KPI dashboard (no store)."""
