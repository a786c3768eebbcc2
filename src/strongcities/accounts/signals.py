"""Signal receivers of the accounts app."""
