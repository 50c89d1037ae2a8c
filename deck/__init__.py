"""deck: present a YAML slide deck in the terminal, or export it as plain text."""

__version__ = "0.1.0"
