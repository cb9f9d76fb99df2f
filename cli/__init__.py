"""cli/: the `cqc-themes` command line, a thin layer over the library."""
