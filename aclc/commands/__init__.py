"""Subcommands of the ``aclc`` command line, one module each (see :mod:`aclc.cli`)."""
