"""Forms of the dialog app, one module per domain (answering, ...)."""
