"""The command line: typer only, one module per command, one error handler."""
