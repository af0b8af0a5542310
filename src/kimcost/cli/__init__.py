"""The command line: a thin skin over configuration → engine → reports."""
