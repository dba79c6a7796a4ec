"""Patient screens: the searchable list, the detail/edit dialog and its sub-dialogs."""
