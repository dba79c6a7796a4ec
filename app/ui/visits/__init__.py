"""Visit entry and charge entry screens (Qt); state in app.ui.presenters.charge_entry."""
