"""The ``claimdesk`` command: a front end beside ``ui`` that calls services only."""
