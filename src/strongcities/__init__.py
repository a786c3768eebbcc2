"""Strong Cities Hub."""
